"""Content of the decision and the council minutes: the nominations models → the renderers' dataclasses.

No drawing here (that is `certificates.rendering`), no request: the API views
and the pages check who may see what, then call `decision_pdf` / `minutes_pdf`.
This module lives in `certificates` because nominations never imports it
(docs/architecture.md, "Layout": certificates → nominations → awards).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from awards.enums import OrganizationKind, RecipientKind
from awards.models import BaseSalary, Organization
from awards.money import amount_in_words
from awards.text import official_language
from certificates.pdf.formatting import format_vnd, vietnamese_date
from certificates.rendering import (
    DecisionContent,
    DecisionRecipient,
    MinutesContent,
    MinutesItem,
    render_decision,
    render_minutes,
)
from nominations.council import rule_set_of, session_present_member_ids, session_tallies, tally_share
from nominations.decisions import nomination_reward, position_and_unit, unit_path
from nominations.enums import DecisionStatus, ItemOutcome, SessionBody
from nominations.models import CouncilSession, Decision, DecisionItem, Vote

__all__ = ["annex_rows", "decision_content", "decision_pdf", "minutes_content", "minutes_pdf"]

# Where the level of the issuing authority begins: "Ủy ban nhân dân | tỉnh Bắc Ninh".
_LEVEL_MARKERS = ("TỈNH ", "THÀNH PHỐ ", "XÃ ", "PHƯỜNG ", "ĐẶC KHU ", "HUYỆN ", "QUẬN ", "THỊ XÃ ")
_DECREE_152_FROM = datetime.date(2025, 7, 1)
_DECREE_98_FROM = datetime.date(2023, 12, 31)
_KIND_WORD = {RecipientKind.COLLECTIVE: "tập thể", RecipientKind.INDIVIDUAL: "cá nhân"}


def _split_authority(authority: str) -> tuple[str, str]:
    """'Ủy ban nhân dân tỉnh Bắc Ninh' → ('ỦY BAN NHÂN DÂN', 'TỈNH BẮC NINH') (Decree 30/2020 heading)."""
    upper = authority.upper()
    best = -1
    for marker in _LEVEL_MARKERS:
        index = upper.find(" " + marker)
        if index > 0 and (best < 0 or index < best):
            best = index
    if best < 0:
        return "", upper
    return upper[:best].strip(), upper[best + 1 :].strip()


def _body_and_level(authority: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH BẮC NINH' → 'Ủy ban nhân dân tỉnh' (as the text names its own issuer)."""
    body, lower = _split_authority(authority)
    if not body:
        return authority
    level = next((m.strip() for m in _LEVEL_MARKERS if lower.startswith(m)), "")
    return f"{body.capitalize()} {level.lower()}".strip()


def _default_legal_bases(signed_on: datetime.date) -> tuple[str, ...]:
    # Only when no rule set carries grounds: the decree that details the Law
    # changed on 01/7/2025 (Decree 152/2025 Art. 59 repealed Decree 98/2023).
    lines = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"]
    if signed_on >= _DECREE_152_FROM:
        lines.append(
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
            "một số điều của Luật Thi đua, khen thưởng;"
        )
    elif signed_on >= _DECREE_98_FROM:
        lines.append(
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
            "thi hành một số điều của Luật Thi đua, khen thưởng;"
        )
    return tuple(lines)


def _proposal_line(decision: Decision) -> str:
    """'Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 15/TTr-SNV ngày 08 tháng 01 năm 2024.'"""
    proposer = decision.proposer or "Giám đốc Sở Nội vụ"
    if not decision.proposal_number:
        return f"Xét đề nghị của {proposer}."
    when = f" {vietnamese_date(decision.proposal_date)}" if decision.proposal_date else ""
    return f"Xét đề nghị của {proposer} tại Tờ trình số {decision.proposal_number}{when}."


def _legal_bases(decision: Decision, rule_set) -> tuple[str, ...]:
    own = [line.strip() for line in decision.legal_bases.splitlines() if line.strip()]
    if not own and rule_set is not None:
        own = rule_set.grounds_for(decision.authority)
    lines = tuple(own) or _default_legal_bases(decision.signed_on)
    return (*lines, _proposal_line(decision))


def _recipient(item: DecisionItem, amount: int) -> DecisionRecipient:
    nomination = item.nomination
    if nomination.nominee_person_id:
        person = nomination.nominee_person
        return DecisionRecipient(
            name=f"{person.salutation} {person.full_name}",
            detail=position_and_unit(person.position, unit_path(person.organization)),
            amount=amount,
        )
    # A collective is named with its own parents (never the parent instead of the unit).
    return DecisionRecipient(name=unit_path(nomination.nominee_organization), detail="", amount=amount)


def annex_rows(decision: Decision) -> list[DecisionRecipient]:
    """The annex's rows in order (name, position and unit, amount): the PDF, and the
    spreadsheet and document exports, read the same list."""
    return list(decision_content(decision).recipients)


def _kinds(items: list[DecisionItem]) -> list[str]:
    present = {i.nomination.recipient_kind for i in items}
    return [k for k in (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL) if k in present]


def _kinds_phrase(items: list[DecisionItem]) -> str:
    counts = {k: sum(1 for i in items if i.nomination.recipient_kind == k) for k in _kinds(items)}
    return " và ".join(f"{n:02d} {_KIND_WORD[k]}" for k, n in counts.items())


def _annex_headings(items: list[DecisionItem], award: str) -> tuple[str, str, str]:
    """(title with its one line break, name column, unit column or '')."""
    kinds = _kinds(items)
    who = " VÀ ".join(_KIND_WORD[k].upper() for k in kinds) or "CÁ NHÂN"
    title = f"DANH SÁCH {who} ĐƯỢC TẶNG\n{award.upper()}"
    if kinds == [RecipientKind.COLLECTIVE]:
        return title, "Tên tập thể", ""
    if kinds == [RecipientKind.INDIVIDUAL]:
        return title, "Họ và tên", "Chức vụ, đơn vị"
    return title, "Tên tập thể, họ và tên cá nhân", "Chức vụ, đơn vị"


def _amounts(decision: Decision, items: list[DecisionItem]) -> list[int]:
    """Frozen amounts once issued; a draft shows what issuing today's data would freeze."""
    if decision.status != DecisionStatus.DRAFT:
        return [item.amount or 0 for item in items]
    salary = BaseSalary.in_force_on(decision.signed_on)
    amounts = []
    for item in items:
        reward = nomination_reward(item.nomination, salary.amount) if salary is not None else None
        amounts.append(reward[1] if reward is not None else 0)
    return amounts


def _article2(items: list[DecisionItem], amounts: list[int], total: int, words: str, fund: str) -> str:
    """Amount per recipient kind, the total in figures and words, and where the money comes from."""
    each = []
    for kind in _kinds(items):
        kind_amounts = sorted(
            {a for i, a in zip(items, amounts, strict=True) if i.nomination.recipient_kind == kind}
        )
        figures = " hoặc ".join(f"{format_vnd(a)} đồng" for a in kind_amounts)
        each.append(f"mỗi {_KIND_WORD[kind]} {figures}")
    text = f"Tiền thưởng kèm theo: {'; '.join(each)}. " if each else ""
    text += f"Tổng số tiền thưởng là {format_vnd(total)} đồng (bằng chữ: {words[:1].lower()}{words[1:]})"
    if fund:
        text += f", trích từ {fund}"
    return text + "."


def _article3(authority: str) -> str:
    return (
        "Quyết định này có hiệu lực kể từ ngày ký. "
        f"Chánh Văn phòng {_body_and_level(authority)}, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, thủ trưởng "
        "các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này./."
    )


def _decision_items(decision: Decision) -> list[DecisionItem]:
    return list(
        decision.items.select_related(
            "nomination__nominee_person__organization__parent__parent",
            "nomination__nominee_organization__parent__parent",
            "nomination__award_type",
            "nomination__period",
            "nomination__rule_set",
        ).order_by("position", "id")
    )


def decision_content(decision: Decision) -> DecisionContent:
    """The decision as printed: heading, legal bases, three articles, signature, annex."""
    decision = Decision.objects.select_related("award_type", "period").get(pk=decision.pk)
    items = _decision_items(decision)
    rule_set = rule_set_of(items[0].nomination) if items else None
    amounts = _amounts(decision, items)
    total = sum(amounts)
    words = decision.total_in_words if decision.status != DecisionStatus.DRAFT else amount_in_words(total)
    award = decision.award_type.name
    citation = decision.citation or (
        f"đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {decision.period.year}"
    )
    authority_upper, authority_lower = _split_authority(decision.authority)
    heading, name_heading, detail_heading = _annex_headings(items, award)
    return DecisionContent(
        authority_upper=authority_upper,
        authority_lower=authority_lower,
        number=decision.number,
        place=decision.place,
        signed_on=decision.signed_on,
        title=f"Về việc tặng {award}",
        legal_bases=_legal_bases(decision, rule_set),
        # The citation opens a certificate's line ("Đã có thành tích…"); mid-sentence it is lower case.
        article1=f"Tặng {award} cho {_kinds_phrase(items)} (có danh sách kèm theo), "
        f"{citation[:1].lower()}{citation[1:].rstrip('.')}.",
        article2=_article2(items, amounts, total, words, rule_set.reward_fund if rule_set else ""),
        article3=_article3(decision.authority),
        recipients_heading=heading,
        recipients=tuple(_recipient(item, amount) for item, amount in zip(items, amounts, strict=True)),
        total_amount=total,
        total_in_words=words,
        recipients_of_copies=("Như Điều 3;", "Ban Thi đua - Khen thưởng (Sở Nội vụ);", "Lưu: VT."),
        signer_title_lines=tuple(
            line.strip() for line in decision.signer_title.replace(" / ", "\n").splitlines() if line.strip()
        ),
        signer_name=decision.signer_name,
        issuer_name=f"Chủ tịch {_body_and_level(decision.authority)}",
        draft=decision.status == DecisionStatus.DRAFT,
        name_heading=name_heading,
        detail_heading=detail_heading,
    )


def decision_pdf(*, decision: Decision) -> bytes:
    with official_language():
        content = decision_content(decision)
    return render_decision(content)


_CHAIR = "Chủ trì"
_SECRETARY = "Thư ký"
_PRESENT = "Có mặt"
_ABSENT_WRITTEN = "Vắng mặt (có ý kiến bằng văn bản)"
_ABSENT = "Vắng mặt"


def _attendance(session: CouncilSession) -> tuple[tuple[str, str], ...]:
    """The chair and the secretary first, then each member's presence."""
    members = list(session.members.order_by("full_name", "username"))
    present = session_present_member_ids(session)
    wrote = set(Vote.objects.filter(item__session=session, written=True).values_list("member_id", flat=True))
    rows = []
    for member in members:
        if member.pk in present:
            status = _PRESENT
        elif member.pk in wrote:
            status = _ABSENT_WRITTEN
        else:
            status = _ABSENT
        rows.append((str(member), status))
    leads = []
    for name, role in ((session.chair_name, _CHAIR), (session.secretary_name, _SECRETARY)):
        if not name:
            continue
        same = [i for i, (member, _status) in enumerate(rows) if member == name]
        if same:
            rows[same[0]] = (name, f"{rows[same[0]][1]}, {role.lower()}")
        else:
            leads.append((name, role))
    return (*leads, *rows)


def _minutes_items(session: CouncilSession) -> tuple[MinutesItem, ...]:
    items = []
    for item, tally in session_tallies(session):
        outcome = ItemOutcome(item.outcome).label if item.outcome else "Không xét (hồ sơ đã rút)"
        items.append(
            MinutesItem(
                nominee=item.nomination.nominee_name,
                award=item.nomination.award_type.name,
                members=tally.members,
                present=tally.present,
                yes=tally.yes,
                no=tally.no,
                abstain=tally.abstain,
                written=tally.written,
                recused=tally.recused,
                outcome=str(outcome),
                share=tally_share(tally),
            )
        )
    return tuple(items)


def _council_heading(session: CouncilSession) -> tuple[tuple[str, ...], str]:
    """(('UBND TỈNH BẮC NINH', 'HỘI ĐỒNG', 'THI ĐUA - KHEN THƯỞNG'), 'Bắc Ninh') from the province's authority."""
    root = (
        Organization.objects.filter(kind=OrganizationKind.AUTHORITY, parent__isnull=True)
        .order_by("pk")
        .first()
    )
    # Broken between phrases: the two columns of a Decree 30 heading hold no longer line.
    council_name = ("HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG")
    if root is None:
        return council_name, ""
    body, lower = _split_authority(root.name)
    parent = f"{'UBND' if body == 'ỦY BAN NHÂN DÂN' else body} {lower}".strip()
    level = next((m for m in _LEVEL_MARKERS if lower.startswith(m)), "")
    return (parent, *council_name), lower[len(level) :].strip().title()


def _clock_time(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d}"


def minutes_content(session: CouncilSession) -> MinutesContent:
    """The minutes: heading, number, times, attendance, each item's counts and share; never who voted how."""
    session = CouncilSession.objects.select_related("period").get(pk=session.pk)
    board = session.body == SessionBody.STANDING_BOARD
    organisation_lines, place_name = _council_heading(session)
    closed = timezone.localtime(session.closed_at) if session.closed_at else None
    return MinutesContent(
        title=(
            "BIÊN BẢN HỌP THƯỜNG TRỰC\nHỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
            if board
            else "BIÊN BẢN HỌP\nHỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
        ),
        session_title=session.title,
        meeting_date=session.meeting_date,
        place=session.place,
        attendance=_attendance(session),
        secret_ballot=session.secret_ballot,
        items=_minutes_items(session),
        chair_name=session.chair_name,
        secretary_name=session.secretary_name,
        organisation_lines=organisation_lines,
        number=session.minutes_number,
        place_name=place_name,
        opened_at=_clock_time(session.opened_at) if session.opened_at else "",
        closed_at=_clock_time(session.closed_at) if session.closed_at else "",
        closed_on=closed.date() if closed else None,
    )


def minutes_pdf(*, session: CouncilSession) -> bytes:
    # The province's document is Vietnamese whatever the reader's language.
    with official_language():
        content = minutes_content(session)
    return render_minutes(content)
