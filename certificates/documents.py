"""Content of the decision and the council minutes: the nominations models → the renderers' dataclasses.

No drawing here (that is `certificates.rendering`), no request: the API views
and the pages check who may see what, then call `decision_pdf` / `minutes_pdf`.
This module lives in `certificates` because nominations never imports it
(docs/architecture.md, "Layout": certificates → nominations → awards).
"""

from __future__ import annotations

import datetime

from awards.enums import RecipientKind
from awards.models import BaseSalary
from awards.money import amount_in_words
from certificates.pdf.formatting import format_vnd
from certificates.rendering import (
    DecisionContent,
    DecisionRecipient,
    MinutesContent,
    MinutesItem,
    render_decision,
    render_minutes,
)
from nominations.council import session_present_member_ids
from nominations.decisions import nomination_reward
from nominations.enums import DecisionStatus, ItemOutcome, SessionBody
from nominations.models import CouncilSession, Decision, DecisionItem, Vote

__all__ = ["decision_content", "decision_pdf", "minutes_content", "minutes_pdf"]

# Where the level of the issuing authority begins: "Ủy ban nhân dân | tỉnh Bắc Ninh".
_LEVEL_MARKERS = ("TỈNH ", "THÀNH PHỐ ", "XÃ ", "PHƯỜNG ", "ĐẶC KHU ", "HUYỆN ", "QUẬN ", "THỊ XÃ ")
_DECREE_152_FROM = datetime.date(2025, 7, 1)
_DECREE_98_FROM = datetime.date(2023, 12, 31)


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


def _default_legal_bases(signed_on: datetime.date) -> tuple[str, ...]:
    # The decree that details the Law changed on 01/7/2025 (Decree 152/2025 Art. 59
    # repealed Decree 98/2023): a decision cites the one in force on its date.
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
    lines.append("Theo đề nghị của Giám đốc Sở Nội vụ.")
    return tuple(lines)


def _recipient(item: DecisionItem, amount: int) -> DecisionRecipient:
    nomination = item.nomination
    if nomination.nominee_person_id:
        person = nomination.nominee_person
        parts = [person.position, person.organization.name if person.organization_id else ""]
        return DecisionRecipient(
            name=f"{person.salutation} {person.full_name}",
            detail=", ".join(p for p in parts if p),
            amount=amount,
        )
    organization = nomination.nominee_organization
    parent = organization.parent.name if organization.parent_id else ""
    return DecisionRecipient(name=organization.name, detail=parent, amount=amount)


def _kinds_phrase(items: list[DecisionItem]) -> tuple[str, str]:
    collectives = sum(1 for i in items if i.nomination.recipient_kind == RecipientKind.COLLECTIVE)
    individuals = len(items) - collectives
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    if individuals:
        parts.append(f"{individuals:02d} cá nhân")
    heading = (
        "TẬP THỂ VÀ CÁ NHÂN" if collectives and individuals else ("TẬP THỂ" if collectives else "CÁ NHÂN")
    )
    return " và ".join(parts), heading


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


def decision_content(decision: Decision) -> DecisionContent:
    """The decision as printed: heading, legal bases, three articles, signature, annex."""
    decision = Decision.objects.select_related("award_type", "period").get(pk=decision.pk)
    items = list(
        decision.items.select_related(
            "nomination__nominee_person__organization",
            "nomination__nominee_organization__parent",
            "nomination__award_type",
            "nomination__period",
            "nomination__rule_set",
        ).order_by("position", "id")
    )
    amounts = _amounts(decision, items)
    total = sum(amounts)
    words = decision.total_in_words if decision.status != DecisionStatus.DRAFT else amount_in_words(total)
    award = decision.award_type.name
    who, heading_kind = _kinds_phrase(items)
    citation = decision.citation or (
        f"đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {decision.period.year}"
    )
    authority_upper, authority_lower = _split_authority(decision.authority)
    legal_bases = tuple(line.strip() for line in decision.legal_bases.splitlines() if line.strip())
    issuer_name = ""
    if decision.authority and not decision.authority.isupper():
        issuer_name = f"Chủ tịch {decision.authority}"
    return DecisionContent(
        authority_upper=authority_upper,
        authority_lower=authority_lower,
        number=decision.number,
        place=decision.place,
        signed_on=decision.signed_on,
        title=f"Về việc tặng {award}",
        legal_bases=legal_bases or _default_legal_bases(decision.signed_on),
        # The citation opens a certificate's line ("Đã có thành tích…"); mid-sentence it is lower case.
        article1=f"Tặng {award} cho {who} (có danh sách kèm theo), {citation[:1].lower()}{citation[1:].rstrip('.')}.",
        article2=(
            "Tiền thưởng kèm theo thực hiện theo quy định của pháp luật về thi đua, khen thưởng; "
            f"tổng số tiền thưởng là {format_vnd(total)} đồng (bằng chữ: {words[:1].lower()}{words[1:]})."
        ),
        article3=(
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, thủ trưởng "
            "các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
            "thi hành Quyết định này."
        ),
        recipients_heading=f"DANH SÁCH {heading_kind} ĐƯỢC TẶNG {award.upper()}",
        recipients=tuple(_recipient(item, amount) for item, amount in zip(items, amounts, strict=True)),
        total_amount=total,
        total_in_words=words,
        recipients_of_copies=("Như Điều 3;", "Ban Thi đua - Khen thưởng (Sở Nội vụ);", "Lưu: VT."),
        signer_title_lines=tuple(
            line.strip() for line in decision.signer_title.replace(" / ", "\n").splitlines() if line.strip()
        ),
        signer_name=decision.signer_name,
        issuer_name=issuer_name,
    )


def decision_pdf(*, decision: Decision) -> bytes:
    return render_decision(decision_content(decision))


_PRESENT = "Có mặt"
_ABSENT_WRITTEN = "Vắng mặt (có ý kiến bằng văn bản)"
_ABSENT = "Vắng mặt"


def minutes_content(session: CouncilSession) -> MinutesContent:
    """The minutes: attendance, and each nominee's counts and outcome; never who voted how."""
    session = CouncilSession.objects.select_related("period").get(pk=session.pk)
    members = list(session.members.order_by("full_name", "username"))
    present = session_present_member_ids(session)
    wrote = set(Vote.objects.filter(item__session=session, written=True).values_list("member_id", flat=True))
    attendance = []
    for member in members:
        if member.pk in present:
            status = _PRESENT
        elif member.pk in wrote:
            status = _ABSENT_WRITTEN
        else:
            status = _ABSENT
        attendance.append((str(member), status))
    items = []
    for item in session.items.select_related("nomination__award_type").order_by("position", "id"):
        outcome = ItemOutcome(item.outcome).label if item.outcome else "Không xét (hồ sơ đã rút)"
        items.append(
            MinutesItem(
                nominee=item.nomination.nominee_name,
                award=item.nomination.award_type.name,
                members=item.members or 0,
                present=item.present or 0,
                yes=item.yes or 0,
                no=item.no or 0,
                abstain=item.abstain or 0,
                written=item.written or 0,
                recused=item.recused or 0,
                outcome=str(outcome),
            )
        )
    board = session.body == SessionBody.STANDING_BOARD
    return MinutesContent(
        title=(
            "BIÊN BẢN HỌP THƯỜNG TRỰC HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
            if board
            else "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
        ),
        session_title=session.title,
        meeting_date=session.meeting_date,
        place=session.place,
        attendance=tuple(attendance),
        secret_ballot=session.secret_ballot,
        items=tuple(items),
        chair_name=session.chair_name,
        secretary_name=session.secretary_name,
    )


def minutes_pdf(*, session: CouncilSession) -> bytes:
    return render_minutes(minutes_content(session))
