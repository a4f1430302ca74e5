"""The demo province (docs/architecture.md, "The demo province"; docs/domain.md, "The demo province's year").

The founding year: the Provincial People's Committee Office, its divisions and
the other general departments of its emulation bloc; the 2023 period; ratings
and initiatives for 2022-2023; the emulation flag for 2 collectives and the
chairman's certificate of merit for 7 individuals walked through the whole
workflow with the services the API and the pages call (nothing here writes a
status by hand), decisions signed on 11/01/2024; then nominations of the 2024
period in every other state, and an open period for today's new dossiers.

Every builder is idempotent: rows are found by their natural keys, and a
workflow step runs only when its nomination is not there yet. Names are
invented (the founding article names nobody).

It lives in its own app, `demo`, at the top of the dependency graph: it imports
the three domain apps and none of them imports it (docs/architecture.md, "Layout").
"""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings

from awards import clock
from awards.enums import (
    Gender,
    InitiativeScope,
    OrganizationKind,
    PeriodKind,
    PositionGroup,
    RatingLevel,
    RecordSource,
    Role,
)
from awards.models import (
    AwardRecord,
    AwardType,
    BlocResult,
    EmulationBloc,
    Initiative,
    Organization,
    Period,
    Person,
    Rating,
    User,
)
from certificates import services as printing
from certificates.enums import Paper, PrintJobStatus, PrintMode
from certificates.models import PrintJob, PrintProfile
from certificates.tasks import render_print_job
from nominations import council, decisions, services
from nominations.enums import DecisionStatus, NominationStatus, SessionBody, SessionStatus
from nominations.models import CouncilSession, Decision, Nomination

S = NominationStatus
D = datetime.date

PROVINCE = "Bắc Ninh"
SIGNER_NAME = "Vũ Việt Văn"
SIGNER_TITLE = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH THƯỜNG TRỰC"
AUTHORITY = "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
SIGNED_ON = D(2024, 1, 11)
FLAG_NUMBER = "45/QĐ-UBND"
MERIT_NUMBER = "46/QĐ-UBND"
# The Department of Home Affairs' proposals the two decisions answer.
PROPOSAL_NUMBER = {FLAG_NUMBER: "18/TTr-SNV", MERIT_NUMBER: "19/TTr-SNV"}

# code, name, short name, kind, parent code, bloc code
ORGANIZATIONS = [
    ("UBND", "Ủy ban nhân dân tỉnh Bắc Ninh", "UBND tỉnh", OrganizationKind.AUTHORITY, None, None),
    (
        "VP",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Văn phòng UBND tỉnh",
        OrganizationKind.OFFICE,
        "UBND",
        "TONGHOP",
    ),
    ("VP-TH", "Phòng Tổng hợp", "Phòng Tổng hợp", OrganizationKind.DIVISION, "VP", None),
    ("VP-KT", "Phòng Kinh tế", "Phòng Kinh tế", OrganizationKind.DIVISION, "VP", None),
    ("VP-KGVX", "Phòng Khoa giáo - Văn xã", "Phòng KGVX", OrganizationKind.DIVISION, "VP", None),
    ("VP-HCTC", "Phòng Hành chính - Tổ chức", "Phòng HCTC", OrganizationKind.DIVISION, "VP", None),
    ("VP-QTTV", "Phòng Quản trị - Tài vụ", "Phòng QTTV", OrganizationKind.DIVISION, "VP", None),
    ("VP-NC", "Phòng Nội chính", "Phòng Nội chính", OrganizationKind.DIVISION, "VP", None),
    ("VP-TTCB", "Trung tâm Thông tin - Công báo", "Trung tâm TT-CB", OrganizationKind.UNIT, "VP", "VPDV"),
    ("VP-TCD", "Ban Tiếp công dân tỉnh", "Ban Tiếp công dân", OrganizationKind.UNIT, "VP", "VPDV"),
    ("VP-NK", "Nhà khách tỉnh", "Nhà khách tỉnh", OrganizationKind.UNIT, "VP", "VPDV"),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", OrganizationKind.DEPARTMENT, "UBND", "TONGHOP"),
    ("SNV-TDKT", "Ban Thi đua - Khen thưởng", "Ban TĐKT", OrganizationKind.DIVISION, "SNV", None),
    ("STC", "Sở Tài chính", "Sở Tài chính", OrganizationKind.DEPARTMENT, "UBND", "TONGHOP"),
    ("STP", "Sở Tư pháp", "Sở Tư pháp", OrganizationKind.DEPARTMENT, "UBND", "TONGHOP"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", OrganizationKind.DEPARTMENT, "UBND", "TONGHOP"),
    ("TTT", "Thanh tra tỉnh", "Thanh tra tỉnh", OrganizationKind.DEPARTMENT, "UBND", "TONGHOP"),
]

BLOCS = [
    ("TONGHOP", "Khối các cơ quan tổng hợp"),
    ("VPDV", "Khối các đơn vị sự nghiệp, trực thuộc Văn phòng UBND tỉnh"),
]

# code, full name, gender, birth year, position, organization code
PEOPLE = [
    ("VP-001", "Nguyễn Thị Thu Hà", Gender.FEMALE, 1978, "Phó Chánh Văn phòng", "VP"),
    ("VP-002", "Trần Văn Thưởng", Gender.MALE, 1975, "Trưởng phòng", "VP-TH"),
    ("VP-003", "Lê Thị Hồng Nhung", Gender.FEMALE, 1985, "Chuyên viên chính", "VP-TH"),
    ("VP-004", "Phạm Đức Anh", Gender.MALE, 1982, "Trưởng phòng", "VP-KT"),
    ("VP-005", "Hoàng Thị Mai", Gender.FEMALE, 1988, "Chuyên viên", "VP-KT"),
    ("VP-006", "Đặng Quốc Huy", Gender.MALE, 1980, "Phó Trưởng phòng", "VP-KGVX"),
    ("VP-007", "Vũ Thị Lan Anh", Gender.FEMALE, 1990, "Chuyên viên", "VP-KGVX"),
    ("VP-008", "Bùi Minh Tuấn", Gender.MALE, 1979, "Trưởng phòng", "VP-HCTC"),
    ("VP-009", "Đỗ Thị Hương", Gender.FEMALE, 1986, "Chuyên viên chính", "VP-HCTC"),
    ("VP-010", "Ngô Văn Khánh", Gender.MALE, 1983, "Kế toán trưởng", "VP-QTTV"),
    ("VP-011", "Dương Thị Ngọc Ánh", Gender.FEMALE, 1991, "Chuyên viên", "VP-QTTV"),
    ("VP-012", "Lý Văn Đông", Gender.MALE, 1977, "Giám đốc", "VP-TTCB"),
    ("VP-013", "Trịnh Thị Thanh Thủy", Gender.FEMALE, 1987, "Biên tập viên", "VP-TTCB"),
    ("VP-014", "Phan Văn Long", Gender.MALE, 1981, "Trưởng ban", "VP-TCD"),
    ("VP-015", "Mai Thị Phương", Gender.FEMALE, 1989, "Chuyên viên", "VP-TCD"),
    ("VP-016", "Cao Xuân Trường", Gender.MALE, 1976, "Giám đốc", "VP-NK"),
    ("VP-017", "Tạ Thị Kim Oanh", Gender.FEMALE, 1992, "Chuyên viên", "VP-NC"),
    ("VP-018", "Nguyễn Hữu Nghĩa", Gender.MALE, 1984, "Trưởng phòng", "VP-NC"),
    ("VP-019", "Đinh Thị Thảo", Gender.FEMALE, 1993, "Chuyên viên", "VP-TH"),
    ("VP-020", "Lương Văn Hải", Gender.MALE, 1980, "Chuyên viên chính", "VP-KT"),
    ("VP-021", "Hà Thị Minh Châu", Gender.FEMALE, 1986, "Chuyên viên", "VP-HCTC"),
    ("VP-022", "Kiều Văn Bình", Gender.MALE, 1979, "Chuyên viên", "VP-QTTV"),
    ("VP-023", "Âu Thị Diệu Linh", Gender.FEMALE, 1994, "Phóng viên", "VP-TTCB"),
    ("VP-024", "Tô Minh Quân", Gender.MALE, 1988, "Chuyên viên", "VP-TCD"),
    ("VP-025", "Quách Thị Yến", Gender.FEMALE, 1990, "Lễ tân", "VP-NK"),
]

# The 7 individuals of the founding year: ground (iv), by ratings + initiatives
# or by two consecutive Chiến sĩ thi đua cơ sở titles in the register.
MERIT_2023 = [
    ("VP-001", "ratings"),
    ("VP-002", "titles"),
    ("VP-003", "ratings"),
    ("VP-004", "titles"),
    ("VP-006", "ratings"),
    ("VP-009", "ratings"),
    ("VP-012", "titles"),
]
FLAG_2023 = ["VP", "VP-TTCB"]

# username, full name, roles, organization code
USERS = [
    ("truongphong", "Nguyễn Văn Hùng", [Role.UNIT_HEAD], "VP"),
    ("canbo", "Trần Thị Bích Ngọc", [Role.STAFF], "SNV-TDKT"),
    ("uyvien1", "Lê Minh Đức", [Role.COUNCIL_MEMBER], "SNV"),
    ("uyvien2", "Phạm Thị Thanh Xuân", [Role.COUNCIL_MEMBER], "STC"),
    ("uyvien3", "Hoàng Văn Sơn", [Role.COUNCIL_MEMBER], "STP"),
    ("uyvien4", "Đỗ Thị Hải Yến", [Role.COUNCIL_MEMBER], "SKHDT"),
    ("uyvien5", "Nguyễn Quang Vinh", [Role.COUNCIL_MEMBER], "TTT"),
    ("chutich", SIGNER_NAME, [Role.CHAIRMAN], "UBND"),
    ("quantri", "Quản trị hệ thống", [Role.ADMIN], "SNV"),
]

ROLE_LABELS = {
    Role.UNIT_HEAD: "thủ trưởng đơn vị (Văn phòng UBND tỉnh)",
    Role.STAFF: "cán bộ Ban Thi đua - Khen thưởng",
    Role.COUNCIL_MEMBER: "thành viên Hội đồng",
    Role.CHAIRMAN: "Chủ tịch / người ký",
    Role.ADMIN: "quản trị hệ thống",
}


@dataclass
class Demo:
    orgs: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)
    award_types: dict[str, AwardType] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


# --- the province -------------------------------------------------------------------------------------


def build_province(demo: Demo) -> None:
    blocs = {}
    for code, name in BLOCS:
        blocs[code], _ = EmulationBloc.objects.get_or_create(code=code, defaults={"name": name})
    for code, name, short, kind, parent, bloc in ORGANIZATIONS:
        org = Organization.objects.filter(code=code).first()
        if org is None:
            org = Organization(code=code, name=name, short_name=short, kind=kind)
            org.parent = demo.orgs[parent] if parent else None
            org.bloc = blocs[bloc] if bloc else None
            org.save()
        demo.orgs[code] = org
    for code, full_name, gender, birth_year, position, org in PEOPLE:
        person = Person.objects.filter(code=code).first()
        if person is None:
            person = Person.objects.create(
                code=code,
                full_name=full_name,
                gender=gender,
                birth_year=birth_year,
                position=position,
                position_group=_position_group(position),
                organization=demo.orgs[org],
            )
        demo.people[code] = person
    demo.award_types = {a.code: a for a in AwardType.objects.all()}


_LEADER_WORDS = ("trưởng", "phó", "giám đốc", "chánh")


def _position_group(position: str) -> str:
    """Heads and deputies lead; everyone else in the demo works directly (Law 06/2022 Art. 5(2))."""
    lowered = position.lower()
    if any(word in lowered for word in _LEADER_WORDS):
        return PositionGroup.LEADER
    return PositionGroup.WORKER


def build_users(demo: Demo, password: str) -> None:
    for username, full_name, user_roles, org in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, roles=list(user_roles))
            user.organization = demo.orgs[org]
            user.email = f"{username}@thidua.bacninh.example"
            user.set_password(password)
            user.save()
        demo.users[username] = user


def build_periods(demo: Demo) -> None:
    demo.periods["2023"], _ = Period.objects.get_or_create(
        year=2023,
        name="Khen thưởng tổng kết năm 2023",
        defaults={
            "kind": PeriodKind.ANNUAL,
            "opens_on": D(2023, 11, 15),
            "closes_on": D(2023, 12, 10),
            "rules_date": SIGNED_ON,
        },
    )
    demo.periods["2024"], _ = Period.objects.get_or_create(
        year=2024,
        name="Khen thưởng tổng kết năm 2024",
        defaults={
            "kind": PeriodKind.ANNUAL,
            "opens_on": D(2024, 11, 15),
            "closes_on": D(2024, 12, 10),
            "rules_date": D(2025, 1, 10),
        },
    )
    today = clock.today()
    year = today.year
    demo.periods["current"], _ = Period.objects.get_or_create(
        year=year,
        name=f"Khen thưởng tổng kết năm {year}",
        defaults={
            "kind": PeriodKind.ANNUAL,
            "opens_on": min(D(year, 11, 15), today - datetime.timedelta(days=7)),
            "closes_on": max(D(year, 12, 10), today + datetime.timedelta(days=30)),
        },
    )


def _rating(*, year: int, level: str, person=None, organization=None) -> None:
    if person is not None:
        Rating.objects.get_or_create(person=person, year=year, defaults={"level": level})
    else:
        Rating.objects.get_or_create(organization=organization, year=year, defaults={"level": level})


def build_register(demo: Demo) -> None:
    """Ratings 2022-2024, initiatives, titles in the register, bloc results."""
    # Ratings are given at the end of a year: up to last year, from 2022.
    years = range(2022, max(2024, clock.today().year - 1) + 1)
    _register_people_ratings(demo, years)
    _register_merit_history(demo)
    _register_organization_ratings(demo, years)
    _register_bloc_results(demo)


def _register_people_ratings(demo: Demo, years: range) -> None:
    merit_codes = {code for code, _ in MERIT_2023}
    for index, (code, *_rest) in enumerate(PEOPLE):
        person = demo.people[code]
        for year in years:
            excellent = code in merit_codes or index % 3 == 0
            _rating(person=person, year=year, level=RatingLevel.EXCELLENT if excellent else RatingLevel.GOOD)


def _register_merit_history(demo: Demo) -> None:
    """What the 2023 certificates of merit stand on: two initiatives, or two titles."""
    soldier = demo.award_types["emulation_soldier_grassroots"]
    for code, basis in MERIT_2023:
        person = demo.people[code]
        if basis == "ratings":
            for n, (title, day) in enumerate(
                [
                    ("Số hóa quy trình tiếp nhận văn bản đến", D(2022, 10, 20)),
                    ("Bộ công cụ theo dõi nhiệm vụ Chủ tịch giao", D(2023, 9, 15)),
                ],
                start=1,
            ):
                Initiative.objects.get_or_create(
                    person=person,
                    title=f"{title} ({person.full_name}, {n})",
                    defaults={"recognized_on": day, "scope": InitiativeScope.GRASSROOTS},
                )
            continue
        for year, number, day in ((2022, "28/QĐ-VP", D(2022, 12, 28)), (2023, "31/QĐ-VP", D(2023, 12, 27))):
            AwardRecord.objects.get_or_create(
                person=person,
                award_type=soldier,
                year=year,
                defaults={"decision_number": number, "decision_date": day, "source": RecordSource.IMPORTED},
            )


def _register_organization_ratings(demo: Demo, years: range) -> None:
    for code, *_rest in ORGANIZATIONS:
        org = demo.orgs[code]
        if org.kind == OrganizationKind.AUTHORITY:
            continue
        excellent = code in FLAG_2023 or code in ("SNV", "STC", "VP-TH")
        for year in years:
            _rating(
                organization=org, year=year, level=RatingLevel.EXCELLENT if excellent else RatingLevel.GOOD
            )


BLOC_RANKINGS = {
    "2023": {"TONGHOP": ["VP", "SNV", "STC", "STP", "SKHDT", "TTT"], "VPDV": ["VP-TTCB", "VP-TCD", "VP-NK"]},
    "2024": {"TONGHOP": ["SNV", "VP", "STC", "STP", "SKHDT", "TTT"], "VPDV": ["VP-TCD", "VP-TTCB", "VP-NK"]},
}


def _register_bloc_results(demo: Demo) -> None:
    for period_key, ranking in BLOC_RANKINGS.items():
        period = demo.periods[period_key]
        for bloc_code, codes in ranking.items():
            bloc = EmulationBloc.objects.get(code=bloc_code)
            for rank, code in enumerate(codes, start=1):
                BlocResult.objects.get_or_create(
                    period=period,
                    organization=demo.orgs[code],
                    defaults={"bloc": bloc, "rank": rank, "is_leading": rank == 1},
                )


# --- documents ----------------------------------------------------------------------------------------


def demo_pdf(title: str) -> bytes:
    """A small, valid PDF standing in for a scanned dossier document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from certificates.rendering import register_fonts

    register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    width, height = A4
    font = "LiberationSerif" if "LiberationSerif" in pdf.getAvailableFonts() else "Times-Roman"
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, height - 90, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    pdf.drawCentredString(width / 2, height - 110, "Độc lập - Tự do - Hạnh phúc")
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 170, title)
    pdf.setFont(font, 12)
    pdf.drawCentredString(width / 2, height - 200, "(Tài liệu mẫu của dữ liệu trình diễn)")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _attach_all(nomination: Nomination, actor: User) -> None:
    labels = {
        "proposal": "Tờ trình đề nghị khen thưởng",
        "minutes": "Biên bản họp xét",
        "achievement_report": "Báo cáo thành tích",
    }
    present = set(nomination.attachments.values_list("kind", flat=True))
    for kind, label in labels.items():
        if kind in present:
            continue
        data = demo_pdf(f"{label} - {nomination.nominee_name}")
        upload = SimpleUploadedFile(
            f"{kind}-{nomination.reference}.pdf", data, content_type="application/pdf"
        )
        services.attachment_add(
            nomination=nomination, actor=actor, kind=kind, upload=upload, filename=upload.name, size=len(data)
        )


# --- workflow walks ------------------------------------------------------------------------------------


def _on(day: datetime.date, hour: int = 9):
    """Run a step as if on `day` (the service clock), so timelines show the founding year's dates."""
    return clock.frozen_at(datetime.datetime.combine(day, datetime.time(hour)))


def _existing(*, period: Period, award_type: AwardType, person=None, organization=None) -> Nomination | None:
    qs = Nomination.objects.filter(period=period, award_type=award_type)
    qs = (
        qs.filter(nominee_person=person)
        if person is not None
        else qs.filter(nominee_organization=organization)
    )
    return qs.order_by("id").first()


def _nominate(
    demo: Demo,
    *,
    period: Period,
    award_type: str,
    achievements: str,
    person: Person | None = None,
    organization: Organization | None = None,
    on: datetime.date,
    attach: bool = True,
) -> tuple[Nomination, bool]:
    award = demo.award_types[award_type]
    found = _existing(period=period, award_type=award, person=person, organization=organization)
    if found is not None:
        return found, False
    with _on(on):
        nomination = services.nomination_create(
            actor=demo.users["truongphong"],
            period=period,
            award_type=award,
            nominee_person=person,
            nominee_organization=organization,
            achievements=achievements,
        )
        if attach:
            _attach_all(nomination, demo.users["truongphong"])
    return nomination, True


def _submit_and_verify(demo: Demo, nomination: Nomination, *, on: datetime.date, override: str = "") -> None:
    with _on(on, hour=10):
        services.nomination_submit(nomination=nomination, actor=demo.users["truongphong"])
    with _on(on + datetime.timedelta(days=3), hour=15):
        services.nomination_verify(
            nomination=nomination,
            actor=demo.users["canbo"],
            note="Hồ sơ đầy đủ, đúng quy định.",
            override_reason=override,
        )


def _members(demo: Demo) -> list[User]:
    return [demo.users[f"uyvien{i}"] for i in range(1, 6)]


def _session(
    demo: Demo,
    *,
    title: str,
    day: datetime.date,
    period: Period,
    body: str,
    agenda: list[Nomination],
    votes: dict[int, str] | None = None,
    close: bool = True,
) -> CouncilSession:
    """Plan, open, vote (every member; `votes` maps a nomination id to a choice) and close."""
    session = CouncilSession.objects.filter(title=title, period=period).first()
    if session is not None:
        return session
    staff = demo.users["canbo"]
    with _on(day - datetime.timedelta(days=3)):
        session = _plan_session(demo, title=title, day=day, period=period, body=body, agenda=agenda)
    if not close and votes is None:
        return session
    with _on(day, hour=14):
        council.session_open(session=session, actor=staff)
        for member in _members(demo):
            for nomination in agenda:
                choice = (votes or {}).get(nomination.pk, "yes")
                if isinstance(choice, list):
                    choice = choice[_members(demo).index(member)]
                council.vote_cast(session=session, member=member, nomination=nomination, choice=choice)
    if close:
        with _on(day, hour=16):
            council.session_close(session=session, actor=staff)
    return session


def _plan_session(
    demo: Demo, *, title: str, day: datetime.date, period: Period, body: str, agenda: list[Nomination]
) -> CouncilSession:
    return council.session_create(
        actor=demo.users["canbo"],
        title=title,
        meeting_date=day,
        period=period,
        body=body,
        members=_members(demo),
        agenda=agenda,
        place="Phòng họp tầng 3, trụ sở UBND tỉnh",
        chair_name=SIGNER_NAME,
        secretary_name="Trần Thị Bích Ngọc",
        # Numbered in the order the council met.
        minutes_number=f"{CouncilSession.objects.count() + 1:02d}/BB-HĐTĐKT",
    )


def _decision(
    demo: Demo,
    *,
    number: str,
    award_type: str,
    period: Period,
    nominations: list[Nomination],
    citation: str,
    issue: bool,
) -> Decision:
    found = Decision.objects.filter(
        number=number, authority=AUTHORITY, signed_on__year=SIGNED_ON.year
    ).first()
    if found is not None:
        return found
    with _on(SIGNED_ON - datetime.timedelta(days=1)):
        decision = _draft_decision(
            demo,
            number=number,
            award_type=award_type,
            period=period,
            nominations=nominations,
            citation=citation,
        )
    if issue:
        with _on(SIGNED_ON, hour=16):
            # The 2024 rule set's merit multiple is not yet checked against Decree 98/2023: the
            # chairman confirms it explicitly, and the confirmation is in the decision's timeline.
            decisions.decision_issue(decision=decision, actor=demo.users["chutich"], confirm_unverified=True)
    return decision


def _draft_decision(
    demo: Demo, *, number: str, award_type: str, period: Period, nominations: list[Nomination], citation: str
) -> Decision:
    return decisions.decision_create(
        actor=demo.users["canbo"],
        number=number,
        signed_on=SIGNED_ON,
        signer_name=SIGNER_NAME,
        signer_title=SIGNER_TITLE,
        authority=AUTHORITY,
        place=PROVINCE,
        award_type=demo.award_types[award_type],
        period=period,
        nominations=nominations,
        citation=citation,
        proposal_number=PROPOSAL_NUMBER[number],
        proposal_date=D(2024, 1, 9),
        proposer="Giám đốc Sở Nội vụ",
    )


def _founding_nominations(demo: Demo, period: Period) -> tuple[list[Nomination], list[Nomination]]:
    """The 2023 flags and certificates of merit, submitted and verified."""
    submitted_on = D(2023, 12, 5)
    flags = []
    for code in FLAG_2023:
        nomination, new = _nominate(
            demo,
            period=period,
            award_type="flag_province",
            organization=demo.orgs[code],
            achievements="Hoàn thành xuất sắc nhiệm vụ năm 2023, được suy tôn dẫn đầu khối thi đua; "
            "tăng trưởng 2,37%; 94,03% hồ sơ giải quyết đúng hạn; chỉ số chuyển đổi số xếp thứ nhất các sở, ngành.",
            on=D(2023, 11, 20),
        )
        if new:
            _submit_and_verify(demo, nomination, on=submitted_on)
        flags.append(nomination)
    merits = []
    for code, basis in MERIT_2023:
        person = demo.people[code]
        nomination, new = _nominate(
            demo,
            period=period,
            award_type="merit_chairman",
            person=person,
            achievements=f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023 "
            f"({'2 năm liên tục hoàn thành xuất sắc nhiệm vụ, 2 sáng kiến' if basis == 'ratings' else '2 năm liên tục Chiến sĩ thi đua cơ sở'}).",
            on=D(2023, 11, 22),
        )
        if new:
            _submit_and_verify(demo, nomination, on=submitted_on)
        merits.append(nomination)
    return flags, merits


def walk_founding_year(demo: Demo) -> None:
    """2023: 2 flags and 7 certificates of merit, from nomination to issued decision."""
    period = demo.periods["2023"]
    flags, merits = _founding_nominations(demo, period)
    _session(
        demo,
        title="Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh xét Cờ thi đua năm 2023",
        day=D(2024, 1, 5),
        period=period,
        body=SessionBody.COUNCIL,
        agenda=[n for n in flags if n.status == S.VERIFIED] or flags,
    )
    _session(
        demo,
        title="Phiên họp Thường trực Hội đồng xét Bằng khen năm 2023",
        day=D(2024, 1, 8),
        period=period,
        body=SessionBody.STANDING_BOARD,
        agenda=[n for n in merits if n.status == S.VERIFIED] or merits,
    )
    for n in [*flags, *merits]:
        n.refresh_from_db()
    _decision(
        demo,
        number=FLAG_NUMBER,
        award_type="flag_province",
        period=period,
        nominations=[n for n in flags if n.status == S.APPROVED] or flags,
        citation="Đã hoàn thành xuất sắc toàn diện nhiệm vụ công tác năm 2023, dẫn đầu phong trào thi đua của Khối",
        issue=True,
    )
    _decision(
        demo,
        number=MERIT_NUMBER,
        award_type="merit_chairman",
        period=period,
        nominations=[n for n in merits if n.status == S.APPROVED] or merits,
        citation="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023",
        issue=True,
    )


PRINT_PROFILE = "Máy in phòng Văn thư — phôi A3"
PRINTED_ON = D(2024, 1, 15)


def build_printing(demo: Demo) -> None:
    """A print profile for the office's pre-printed A3 forms, and the 2023 certificates
    of merit printed on them once, so the printing pages show a finished job."""
    profile, _ = PrintProfile.objects.get_or_create(
        name=PRINT_PROFILE,
        defaults={"paper": Paper.A3, "offset_x_mm": Decimal("1.5"), "offset_y_mm": Decimal("-2.0")},
    )
    merit = Decision.objects.filter(
        number=MERIT_NUMBER, authority=AUTHORITY, signed_on__year=SIGNED_ON.year
    ).first()
    if (
        merit is None
        or merit.status == DecisionStatus.DRAFT
        or PrintJob.objects.filter(decision=merit).exists()
    ):
        return
    with _on(PRINTED_ON, hour=10):
        job = printing.print_job_create(
            actor=demo.users["canbo"], decision=merit, mode=PrintMode.BLANK, profile=profile
        )
        # Inside an outer transaction (the page tests' fixture) the queued task waits
        # for a commit that never comes: render now. The task claims only a queued job,
        # so the on-commit run, when there is one, finds nothing left to do.
        if PrintJob.objects.filter(pk=job.pk, status=PrintJobStatus.QUEUED).exists():
            render_print_job.call(job_id=job.pk)


@dataclass(frozen=True)
class _Walk:
    """What every step of the 2024 walk shares."""

    demo: Demo
    period: Period
    on: datetime.date
    text: str = "Hoàn thành xuất sắc nhiệm vụ năm 2024; có sáng kiến được áp dụng tại đơn vị."

    def nominate(self, code: str, **kwargs) -> tuple[Nomination, bool]:
        kwargs.setdefault("achievements", self.text)
        return _nominate(
            self.demo,
            period=self.period,
            award_type="merit_chairman",
            person=self.demo.people[code],
            on=self.on,
            **kwargs,
        )

    def submit(self, nomination: Nomination) -> None:
        with _on(self.on, hour=10):
            services.nomination_submit(nomination=nomination, actor=self.demo.users["truongphong"])


def walk_open_states(demo: Demo) -> None:
    """The 2024 period: a nomination in every other state, so each page shows something."""
    walk = _Walk(demo, demo.periods["2024"], D(2024, 11, 25))
    approved = _walk_voted(walk)
    _walk_waiting_for_a_session(walk)
    for code in ("VP-005", "VP-019"):  # submitted: waiting in the staff inbox
        nomination, new = walk.nominate(code)
        if new:
            walk.submit(nomination)
    _walk_returned(walk)
    _walk_withdrawn(walk)
    # one draft left unfinished
    walk.nominate("VP-011", achievements="Dự thảo: đang hoàn thiện báo cáo thành tích.", attach=False)
    # a draft decision waiting for the chairman (the approved 2024 one)
    approved.refresh_from_db()
    if approved.status == S.APPROVED and not Decision.objects.filter(period=walk.period).exists():
        with _on(D(2025, 1, 10)):
            _draft_2024_decision(demo, approved)


def _walk_voted(walk: _Walk) -> Nomination:
    """Verified, then approved / not approved by a standing board session; the approved one."""
    approved, new_a = walk.nominate("VP-010")
    rejected, new_r = walk.nominate("VP-020")
    for nomination, new in ((approved, new_a), (rejected, new_r)):
        if new:
            _submit_and_verify(
                walk.demo,
                nomination,
                on=walk.on,
                override="Thành tích đột xuất trong tổ chức sự kiện của tỉnh (căn cứ ii), đã xác minh.",
            )
    if new_a or new_r:
        _session(
            walk.demo,
            title="Phiên họp Thường trực Hội đồng tháng 12/2024",
            day=D(2024, 12, 20),
            period=walk.period,
            body=SessionBody.STANDING_BOARD,
            agenda=[approved, rejected],
            votes={approved.pk: "yes", rejected.pk: ["no", "no", "no", "yes", "abstain"]},
        )
    return approved


def _walk_waiting_for_a_session(walk: _Walk) -> None:
    """Verified, waiting for a session (one on the agenda of a planned one)."""
    verified = []
    for code in ("VP-013", "VP-017"):
        nomination, new = walk.nominate(code)
        if new:
            _submit_and_verify(
                walk.demo,
                nomination,
                on=walk.on,
                override="Có thành tích xuất sắc trong phong trào thi đua của tỉnh (căn cứ i).",
            )
        verified.append(nomination)
    if not CouncilSession.objects.filter(period=walk.period, status=SessionStatus.PLANNED).exists():
        council.session_create(
            actor=walk.demo.users["canbo"],
            title="Phiên họp Thường trực Hội đồng tháng 01/2025",
            meeting_date=D(2025, 1, 8),
            period=walk.period,
            body=SessionBody.STANDING_BOARD,
            members=_members(walk.demo),
            agenda=verified[:1],
            place="Phòng họp tầng 3, trụ sở UBND tỉnh",
            chair_name=SIGNER_NAME,
            secretary_name="Trần Thị Bích Ngọc",
        )


def _walk_returned(walk: _Walk) -> None:
    returned, new = walk.nominate("VP-007")
    if new:
        walk.submit(returned)
        with _on(walk.on + datetime.timedelta(days=2), hour=11):
            services.nomination_return(
                nomination=returned,
                actor=walk.demo.users["canbo"],
                reason="Báo cáo thành tích chưa có xác nhận của thủ trưởng đơn vị; "
                "đề nghị bổ sung số liệu sáng kiến năm 2024.",
            )


def _walk_withdrawn(walk: _Walk) -> None:
    withdrawn, new = walk.nominate("VP-022")
    if new:
        walk.submit(withdrawn)
        with _on(walk.on + datetime.timedelta(days=5)):
            services.nomination_withdraw(
                nomination=withdrawn,
                actor=walk.demo.users["truongphong"],
                comment="Đơn vị rút để đề nghị ở đợt sau.",
            )


def _draft_2024_decision(demo: Demo, approved: Nomination) -> None:
    decisions.decision_create(
        actor=demo.users["canbo"],
        number="12/QĐ-UBND",
        signed_on=D(2025, 1, 15),
        signer_name=SIGNER_NAME,
        signer_title=SIGNER_TITLE,
        authority=AUTHORITY,
        place=PROVINCE,
        award_type=demo.award_types["merit_chairman"],
        period=approved.period,
        nominations=[approved],
        citation="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2024",
    )


def walk_current(demo: Demo) -> None:
    """Today's open period: one draft, so a unit head has something to finish."""
    period = demo.periods["current"]
    _nominate(
        demo,
        period=period,
        award_type="merit_chairman",
        person=demo.people["VP-015"],
        achievements="Hoàn thành xuất sắc nhiệm vụ tiếp công dân; tham gia xây dựng quy trình tiếp nhận đơn thư trực tuyến.",
        on=clock.today(),
        attach=False,
    )


def seed(*, password: str | None = None) -> Demo:
    """Build the whole demo province; safe to run again (it changes nothing the second time)."""
    demo = Demo()
    password = password or settings.DEMO_PASSWORD
    # The workflow e-mails units and staff; the demo's people have no mailboxes.
    notifications_log = logging.getLogger("nominations.notifications")
    level = notifications_log.level
    notifications_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            return _seed(demo, password)
    finally:
        notifications_log.setLevel(level)


def _seed(demo: Demo, password: str) -> Demo:
    with transaction.atomic():
        build_province(demo)
        build_users(demo, password)
        build_periods(demo)
        build_register(demo)
    walk_founding_year(demo)
    build_printing(demo)
    walk_open_states(demo)
    walk_current(demo)
    return demo
