"""Council session pages: list, create and edit, the agenda, attendance, votes, opening and closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards import clock, roles
from awards.models import AwardType, Period
from awards.pages import page
from nominations import council, page_rows
from nominations.enums import NominationStatus, SessionStatus, VoteChoice
from nominations.forms import SessionForm
from nominations.list_filters import filter_sessions, page_of, query_without_page
from nominations.models import Attachment, Attendance, Nomination, Vote
from nominations.selectors import nominations_visible_to
from nominations.views.common import require, service_call


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
    sessions, filters = filter_sessions(request, council.sessions_visible_to(user).select_related("period"))
    page = page_of(request, sessions)
    context = {
        "nav": "sessions",
        "page": page,
        "filters": filters,
        "query_string": query_without_page(request),
        "can_create": roles.is_staff(user),
    }
    return render(request, "nominations/session_list.html", context)


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
            ok, session = service_call(
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
            ok, _session = service_call(
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
            ok, _result = service_call(request, None, service, session=session, actor=request.user)
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
            ok, _vote = service_call(
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
        ok, _result = service_call(
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
