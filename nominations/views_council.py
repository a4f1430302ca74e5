"""HTML pages of council sessions and decisions.

Same shape as `nominations.views`: forms check the input, the services of
`nominations.council` and `nominations.decisions` (the ones the API calls) do
the work, and the visibility selectors turn what a user may not see into 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards import clock, exports, roles
from awards.models import AwardType, Period
from awards.pages import page
from nominations import council, decisions, export_columns, page_rows
from nominations.enums import DecisionStatus, NominationStatus, SessionStatus, VoteChoice
from nominations.forms import DecisionEditForm, DecisionForm, SessionForm
from nominations.models import Attachment, Attendance, Decision, Nomination, Vote
from nominations.selectors import nominations_visible_to
from nominations.views import _service_call, require

# --- sessions ----------------------------------------------------------------------------------


def _session_or_404(user, pk: int):
    return get_object_or_404(council.sessions_visible_to(user).select_related("period"), pk=pk)


def _verified_free(user, session=None):
    """Verified nominations not on another planned/open session's agenda."""
    qs = nominations_visible_to(user=user).filter(status=NominationStatus.VERIFIED)
    busy = Nomination.objects.filter(
        agenda_items__session__status__in=[SessionStatus.PLANNED, SessionStatus.OPEN]
    )
    if session is not None:
        busy = busy.exclude(agenda_items__session=session)
    return qs.exclude(pk__in=busy.values("pk"))


@page
def session_list(request):
    user = request.user
    if not (roles.is_staff(user) or roles.is_council_member(user) or roles.is_chairman(user)):
        raise PermissionDenied
    sessions = council.sessions_visible_to(user).select_related("period").order_by("-meeting_date", "-id")
    return render(
        request,
        "nominations/session_list.html",
        {"nav": "sessions", "sessions": sessions[:100], "can_create": roles.is_staff(user)},
    )


def _session_form_kwargs(data: dict) -> dict:
    return {
        "title": data["title"],
        "meeting_date": data["meeting_date"],
        "period": data["period"],
        "body": data["body"],
        "secret_ballot": data["secret_ballot"],
        "members": list(data["members"]),
        "agenda": list(data["agenda"]),
        "place": data["place"],
        "chair_name": data["chair_name"],
        "secretary_name": data["secretary_name"],
        "minutes_number": data["minutes_number"],
    }


@page
def session_create(request):
    require(roles.is_staff, request.user)
    agenda_qs = _verified_free(request.user)
    if request.method == "POST":
        form = SessionForm(request.POST, agenda_queryset=agenda_qs)
        if form.is_valid():
            ok, session = _service_call(
                request,
                form,
                council.session_create,
                actor=request.user,
                **_session_form_kwargs(form.cleaned_data),
            )
            if ok:
                messages.success(request, _("Đã lập phiên họp “%(title)s”.") % {"title": session.title})
                return redirect("session-detail", pk=session.pk)
    else:
        period = Period.objects.order_by("-year").first()
        form = SessionForm(
            agenda_queryset=agenda_qs,
            initial={"meeting_date": clock.today(), "period": period.pk if period else None},
        )
    return render(
        request,
        "nominations/session_form.html",
        {"nav": "sessions", "form": form},
        status=400 if form.errors else 200,
    )


@page
def session_edit(request, pk: int):
    require(roles.is_staff, request.user)
    session = _session_or_404(request.user, pk)
    if session.status != SessionStatus.PLANNED:
        messages.error(request, _("Chỉ sửa được phiên họp đang dự kiến."))
        return redirect("session-detail", pk=pk)
    agenda_qs = _verified_free(request.user, session) | Nomination.objects.filter(
        agenda_items__session=session
    )
    initial = {
        "title": session.title,
        "meeting_date": session.meeting_date,
        "period": session.period_id,
        "body": session.body,
        "secret_ballot": session.secret_ballot,
        "members": list(session.members.values_list("pk", flat=True)),
        "agenda": list(session.items.values_list("nomination_id", flat=True)),
        "place": session.place,
        "chair_name": session.chair_name,
        "secretary_name": session.secretary_name,
        "minutes_number": session.minutes_number,
    }
    if request.method == "POST":
        form = SessionForm(request.POST, agenda_queryset=agenda_qs.distinct(), initial=initial)
        if form.is_valid():
            ok, _session = _service_call(
                request,
                form,
                council.session_update,
                session=session,
                actor=request.user,
                **_session_form_kwargs(form.cleaned_data),
            )
            if ok:
                messages.success(request, _("Đã lưu phiên họp."))
                return redirect("session-detail", pk=pk)
    else:
        form = SessionForm(agenda_queryset=agenda_qs.distinct(), initial=initial)
    return render(
        request,
        "nominations/session_form.html",
        {"nav": "sessions", "form": form, "session": session},
        status=400 if form.errors else 200,
    )


def _documents_by_nomination(items) -> dict[int, list[Attachment]]:
    """The page's attachments in one query (a prefetch builds a queryset per row)."""
    found: dict[int, list[Attachment]] = {}
    attachments = Attachment.objects.filter(nomination_id__in=[item.nomination_id for item in items])
    for attachment in attachments:  # the model order (upload time)
        found.setdefault(attachment.nomination_id, []).append(attachment)
    return found


def _share_award_types(items) -> None:
    """One award type object per type, its rule sets read once: counting an open
    session asks each item for the rule set in force (`council.rule_set_of`)."""
    types: dict[int, AwardType] = {}
    for item in items:
        nomination = item.nomination
        nomination.award_type = types.setdefault(nomination.award_type_id, nomination.award_type)
    prefetch_related_objects(list(types.values()), "rule_sets")


def _agenda_page(request, session, user, *, is_member: bool, show_counts: bool) -> page_rows.RowPage:
    """A page of the agenda (`?agenda=N` or `?agenda=all`): one query for the rows,
    shared by the tallies, with each row's links and appraisal built here."""
    lines = (
        session.items.select_related(
            "nomination__award_type",
            "nomination__period",
            "nomination__rule_set",
            "nomination__proposing_organization",
        )
        .defer("nomination__return_reason", "nomination__search_key")
        .order_by("position", "id")
    )
    agenda = page_rows.page_of(request, lines, param="agenda")
    documents = _documents_by_nomination(agenda.rows)
    if show_counts and session.status != SessionStatus.CLOSED:
        _share_award_types(agenda.rows)
    tallies = (
        {item.pk: tally for item, tally in council.session_tallies(session, agenda.rows)}
        if show_counts
        else {}
    )
    my_votes = {}
    if is_member:
        my_votes = {v.item_id: v for v in Vote.objects.filter(item__in=agenda.rows, member=user)}
    detail_url = page_rows.url_for_pk("nomination-detail")
    document_url = page_rows.url_for_pks("attachment-download", 2)
    rows = []
    for number, item in enumerate(agenda.rows, start=agenda.start + 1):
        nomination = item.nomination
        tally = tallies.get(item.pk)
        attachments = documents.get(nomination.pk, [])
        for attachment in attachments:
            attachment.url = document_url(nomination.pk, attachment.pk)
        rows.append(
            {
                "number": number,
                "item": item,
                "nomination": nomination,
                "url": detail_url(nomination.pk),
                "appraisal": _appraisal(nomination),
                "attachments": attachments,
                "tally": tally,
                "share": council.tally_share(tally) if tally is not None else "",
                "my_vote": my_votes.get(item.pk),
                "recused": is_member and council.item_is_recused(member=user, nomination=nomination),
            }
        )
    agenda.rows = rows
    return agenda


@page
def session_detail(request, pk: int):
    user = request.user
    session = _session_or_404(user, pk)
    is_staff = roles.is_staff(user)
    is_member = session.members.filter(pk=user.pk).exists()
    show_counts = council.tallies_visible_to(user, session)
    absent = Attendance.objects.filter(session=session, member=user, present=False).exists()
    agenda = _agenda_page(request, session, user, is_member=is_member, show_counts=show_counts)
    return render(
        request,
        "nominations/session_detail.html",
        {
            "nav": "sessions",
            "session": session,
            "agenda": agenda,
            "rows": agenda.rows,
            "is_staff": is_staff,
            "is_member": is_member,
            "absent": absent,
            "show_counts": show_counts,
            "members": session.members.order_by("full_name"),
            "present_ids": council.session_present_member_ids(session),
            "vote_choices": VoteChoice.choices,
            "can_vote": is_member and session.status == SessionStatus.OPEN and not absent,
        },
    )


def _appraisal(nomination) -> dict:
    """What a member must see before voting: the verdict at appraisal, each failed or
    manually confirmed criterion with its detail, and the override reason if any."""
    outcome = nomination.eligibility or {}
    checks = [c for c in outcome.get("checks", []) if not c.get("passed") or c.get("code") == "manual"]
    return {
        "known": bool(outcome),
        "eligible": bool(outcome.get("eligible")),
        "overridden": bool(nomination.override_reason),
        "override_reason": nomination.override_reason,
        "checks": checks,
    }


def _session_action(service, success):
    @page
    def view(request, pk: int):
        require(roles.is_staff, request.user)
        session = _session_or_404(request.user, pk)
        if request.method == "POST":
            ok, _result = _service_call(request, None, service, session=session, actor=request.user)
            if ok:
                messages.success(request, success % {"title": session.title})
        return redirect("session-detail", pk=pk)

    return view


session_open = _session_action(
    council.session_open, _lazy("Đã mở phiên họp “%(title)s”: thành viên có thể biểu quyết.")
)
session_close = _session_action(
    council.session_close, _lazy("Đã kết thúc phiên họp “%(title)s” và tính kết quả biểu quyết.")
)


@page
def session_vote(request, pk: int):
    session = _session_or_404(request.user, pk)
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        nomination_id = request.POST.get("nomination", "")
        if not (nomination_id.isascii() and nomination_id.isdigit() and len(nomination_id) <= 18):
            messages.error(request, _("Hồ sơ không hợp lệ."))
        else:
            ok, _vote = _service_call(
                request,
                None,
                council.vote_cast,
                session=session,
                member=request.user,
                nomination=int(nomination_id),
                choice=choice,
            )
            if ok:
                messages.success(
                    request,
                    _("Đã ghi nhận biểu quyết: %(choice)s.") % {"choice": VoteChoice(choice).label},
                )
        return redirect(f"/sessions/{pk}/#item-{nomination_id}")
    return redirect("session-detail", pk=pk)


@page
def session_attendance(request, pk: int):
    """Staff record who is present and absent members' written opinions."""
    require(roles.is_staff, request.user)
    session = _session_or_404(request.user, pk)
    members = list(session.members.order_by("full_name"))
    items = list(session.items.select_related("nomination__award_type"))
    recorded = {a.member_id: a.present for a in Attendance.objects.filter(session=session)}
    written = {
        (v.member_id, v.item.nomination_id): v.choice
        for v in Vote.objects.filter(item__session=session, written=True).select_related("item")
    }
    if request.method == "POST":
        entries = []
        for member in members:
            present = request.POST.get(f"present-{member.pk}") == "1"
            opinions = []
            if not present:
                for item in items:
                    choice = request.POST.get(f"opinion-{member.pk}-{item.nomination_id}", "")
                    if choice:
                        opinions.append(
                            council.WrittenOpinion(nomination_id=item.nomination_id, choice=choice)
                        )
            entries.append(
                council.AttendanceEntry(
                    member_id=member.pk, present=present, written_opinions=tuple(opinions)
                )
            )
        ok, _result = _service_call(
            request, None, council.attendance_record, session=session, actor=request.user, entries=entries
        )
        if ok:
            messages.success(request, _("Đã lưu điểm danh và ý kiến bằng văn bản."))
            return redirect("session-detail", pk=pk)
        recorded = {e.member_id: e.present for e in entries}
        written = {(e.member_id, o.nomination_id): o.choice for e in entries for o in e.written_opinions}
    member_rows = [
        {
            "member": m,
            # Not recorded yet: the form starts from "present".
            "present": recorded.get(m.pk, True),
            "opinions": [
                {"item": item, "choice": written.get((m.pk, item.nomination_id), "")} for item in items
            ],
        }
        for m in members
    ]
    return render(
        request,
        "nominations/session_attendance.html",
        {
            "nav": "sessions",
            "session": session,
            "member_rows": member_rows,
            "items": items,
            "vote_choices": VoteChoice.choices,
        },
    )


# --- decisions ---------------------------------------------------------------------------------


def _decision_or_404(user, pk: int) -> Decision:
    return get_object_or_404(
        decisions.decisions_visible_to(user).select_related("award_type", "period"), pk=pk
    )


@page
def decision_list(request):
    user = request.user
    if not (roles.is_staff(user) or roles.is_chairman(user)):
        raise PermissionDenied
    qs = (
        decisions.decisions_visible_to(user)
        .select_related("award_type", "period")
        .order_by("-signed_on", "-id")
    )
    download = exports.page_download(
        request,
        queryset=qs.prefetch_related("items"),
        columns=export_columns.DECISIONS,
        title=_("Danh sách quyết định khen thưởng"),
        filename="quyet-dinh.xlsx",
    )
    if download is not None:
        return download
    return render(
        request,
        "nominations/decision_list.html",
        {
            "nav": "decisions",
            "drafts": qs.filter(status=DecisionStatus.DRAFT),
            "issued": qs.exclude(status=DecisionStatus.DRAFT)[:100],
            "can_create": roles.is_staff(user),
        },
    )


def _approved_free(user):
    """Approved nominations not already on a draft decision."""
    return (
        nominations_visible_to(user=user)
        .filter(status=NominationStatus.APPROVED)
        .exclude(decision_items__decision__status=DecisionStatus.DRAFT)
        .select_related("award_type", "proposing_organization", "nominee_person")
        .order_by("award_type__name", "nominee_name")
    )


@page
def decision_create(request):
    """Draft a decision from approved nominations, after a confirmation listing them."""
    require(roles.is_staff, request.user)
    available = _approved_free(request.user)
    award_code = request.GET.get("award_type") or request.POST.get("award_type") or ""
    initial = {"signed_on": clock.today()}
    # The signer and authority rarely change: start from the latest decision's.
    latest = Decision.objects.order_by("-signed_on", "-id").first()
    if latest is not None:
        initial.update(
            signer_name=latest.signer_name,
            signer_title=latest.signer_title,
            authority=latest.authority,
            place=latest.place,
        )
    if award_code:
        initial["award_type"] = award_code
        initial["nominations"] = [n.pk for n in available if n.award_type.code == award_code]
    period = Period.objects.order_by("-year").first()
    if period is not None:
        initial["period"] = period.pk
    confirming = False
    if request.method == "POST":
        form = DecisionForm(request.POST, nominations_queryset=available)
        if form.is_valid():
            if request.POST.get("confirm") != "1":
                confirming = True
            else:
                data = form.cleaned_data
                ok, decision = _service_call(
                    request,
                    form,
                    decisions.decision_create,
                    actor=request.user,
                    number=data["number"],
                    signed_on=data["signed_on"],
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                    authority=data["authority"],
                    award_type=data["award_type"],
                    period=data["period"],
                    nominations=list(data["nominations"]),
                    place=data["place"],
                    citation=data["citation"],
                    proposal_number=data["proposal_number"],
                    proposal_date=data["proposal_date"],
                    proposer=data["proposer"],
                )
                if ok:
                    messages.success(
                        request,
                        _("Đã lập dự thảo quyết định %(number)s và trình Chủ tịch ký ban hành.")
                        % {"number": decision.number},
                    )
                    return redirect("decision-detail", pk=decision.pk)
    else:
        form = DecisionForm(nominations_queryset=available, initial=initial)
    return render(
        request,
        "nominations/decision_form.html",
        {
            "nav": "decisions",
            "form": form,
            "confirming": confirming,
            "chosen": form.cleaned_data.get("nominations") if confirming else None,
            "award_types": AwardType.objects.filter(pk__in=available.values("award_type")),
            "award_code": award_code,
        },
        status=400 if form.errors else 200,
    )


def _unit_chain(prefix: str) -> list[str]:
    """The columns `decisions.unit_path` reads, for a unit and its two parents."""
    return [
        f"{prefix}{'__parent' * depth}__{name}"
        for depth in range(3)
        for name in ("name", "kind", "parent_id")
    ]


# Only what an annex row shows: no long texts, JSON or timestamps (decoding
# those for every row was most of the page's database time).
_ANNEX_COLUMNS = (
    "decision_id",
    "nomination_id",
    "position",
    "amount",
    "revoked_on",
    "revocation_act",
    "nomination__nominee_name",
    "nomination__status",
    "nomination__nominee_person__position",
    *_unit_chain("nomination__nominee_person__organization"),
    *_unit_chain("nomination__nominee_organization"),
)


def _annex_page(request, decision: Decision) -> page_rows.RowPage:
    """A page of the annex (`?annex=N`, or `?annex=all`), each row with its wording,
    status label and links computed here once rather than per row in the template."""
    lines = (
        decision.items.select_related(
            "nomination__nominee_person__organization__parent__parent",
            "nomination__nominee_organization__parent__parent",
        )
        .only(*_ANNEX_COLUMNS)
        .order_by("position", "id")
    )
    annex = page_rows.page_of(request, lines, param="annex")
    detail_url = page_rows.url_for_pk("nomination-detail")
    revoke_url = page_rows.url_for_pk("nomination-revoke")
    labels = {value: str(label) for value, label in NominationStatus.choices}
    for number, item in enumerate(annex.rows, start=annex.start + 1):
        # The annex's wording, as the decision prints it.
        person = item.nomination.nominee_person
        item.detail = (
            decisions.position_and_unit(person.position, decisions.unit_path(person.organization))
            if person is not None
            else decisions.unit_path(item.nomination.nominee_organization.parent)
        )
        item.number = number
        item.url = detail_url(item.nomination_id)
        item.revoke_url = revoke_url(item.nomination_id)
        item.status_label = labels.get(item.nomination.status, item.nomination.status)
    return annex


@page
def decision_detail(request, pk: int):
    user = request.user
    decision = _decision_or_404(user, pk)
    annex = _annex_page(request, decision)
    draft = decision.status == DecisionStatus.DRAFT
    return render(
        request,
        "nominations/decision_detail.html",
        {
            "nav": "decisions",
            "decision": decision,
            "annex": annex,
            "items": annex.rows,
            "events": decision.events.select_related("actor").order_by("at", "id"),
            "unverified": decisions.decision_unverified_figures(decision) if draft else [],
            "can_issue": roles.is_chairman(user) and draft and not decision.returned_comment,
            "can_return": roles.is_chairman(user) and draft and not decision.returned_comment,
            "can_delete": roles.is_staff(user) and draft,
            "can_revoke": roles.is_chairman(user) and not draft,
            "can_print": roles.is_staff(user) and not draft,
        },
    )


@page
def decision_issue(request, pk: int):
    require(roles.is_chairman, request.user)
    decision = _decision_or_404(request.user, pk)
    if request.method == "POST":
        ok, _result = _service_call(
            request,
            None,
            decisions.decision_issue,
            decision=decision,
            actor=request.user,
            confirm_unverified=request.POST.get("confirm_unverified") == "1",
        )
        if ok:
            messages.success(request, _("Đã ban hành quyết định %(number)s.") % {"number": decision.number})
    return redirect("decision-detail", pk=pk)


@page
def decision_return(request, pk: int):
    """The chairman sends a draft back to staff with a comment."""
    require(roles.is_chairman, request.user)
    decision = _decision_or_404(request.user, pk)
    if request.method == "POST":
        ok, _result = _service_call(
            request,
            None,
            decisions.decision_return,
            decision=decision,
            actor=request.user,
            comment=request.POST.get("comment", ""),
        )
        if ok:
            messages.success(
                request, _("Đã trả lại dự thảo %(number)s cho cán bộ.") % {"number": decision.number}
            )
    return redirect("decision-detail", pk=pk)


@page
def decision_edit(request, pk: int):
    """Staff correct a draft's wording; saving a returned draft sends it back to the chairman."""
    require(roles.is_staff, request.user)
    decision = _decision_or_404(request.user, pk)
    if decision.status != DecisionStatus.DRAFT:
        messages.error(request, _("Quyết định đã ban hành: không sửa được."))
        return redirect("decision-detail", pk=pk)
    initial = {name: getattr(decision, name) for name in DecisionEditForm.EDITABLE}
    form = DecisionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in DecisionEditForm.EDITABLE}
        ok, _result = _service_call(
            request, form, decisions.decision_update, decision=decision, actor=request.user, **changes
        )
        if ok:
            messages.success(
                request, _("Đã lưu dự thảo %(number)s.") % {"number": form.cleaned_data["number"]}
            )
            return redirect("decision-detail", pk=pk)
    return render(
        request,
        "nominations/decision_edit.html",
        {"nav": "decisions", "form": form, "decision": decision},
        status=400 if form.errors else 200,
    )


@page
def decision_resubmit(request, pk: int):
    """Staff send a returned draft back to the chairman (after correcting it)."""
    require(roles.is_staff, request.user)
    decision = _decision_or_404(request.user, pk)
    if request.method == "POST":
        ok, _result = _service_call(
            request, None, decisions.decision_update, decision=decision, actor=request.user
        )
        if ok:
            messages.success(request, _("Đã trình lại dự thảo %(number)s.") % {"number": decision.number})
    return redirect("decision-detail", pk=pk)


@page
def decision_delete(request, pk: int):
    require(roles.is_staff, request.user)
    decision = _decision_or_404(request.user, pk)
    if request.method == "POST":
        ok, _result = _service_call(
            request, None, decisions.decision_delete, decision=decision, actor=request.user
        )
        if ok:
            messages.success(
                request, _("Đã xóa dự thảo quyết định %(number)s.") % {"number": decision.number}
            )
            return redirect("decision-list")
    return redirect("decision-detail", pk=pk)
