"""Council session pages: list, create and edit, the agenda, attendance, votes, opening and closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import clock, roles
from awards.enums import DocumentKind
from awards.models import Period
from awards.pages import page
from awards.templatetags.ui import CHECK_LABELS
from nominations import council, page_rows
from nominations.enums import ItemOutcome, NominationStatus, SessionStatus, VoteChoice
from nominations.forms import SessionForm
from nominations.list_filters import filter_sessions, page_of, query_without_page
from nominations.models import AgendaItem, Attachment, Attendance, Nomination, Vote
from nominations.selectors import nominations_visible_to
from nominations.services import TALLY_RULE_FIELDS, share_rules
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


def _agenda_choices(user, session_raw: str = ""):
    """What a session's agenda may hold: the free verified dossiers, and for a planned
    session being edited (`session_raw`, its id) its own items too; another id is a 404."""
    if not session_raw:
        return _verified_free(user)
    if not (session_raw.isascii() and session_raw.isdigit() and len(session_raw) <= 18):
        raise Http404
    session = _session_or_404(user, int(session_raw))
    if session.status != SessionStatus.PLANNED:
        raise Http404
    own = Nomination.objects.filter(agenda_items__session=session)
    return (_verified_free(user, session) | own).distinct()


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
    agenda_qs = _agenda_choices(request.user, str(session.pk))
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
        form = SessionForm(request.POST, agenda_queryset=agenda_qs, initial=initial, session_pk=pk)
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
        form = SessionForm(agenda_queryset=agenda_qs, initial=initial, session_pk=pk)
    return render(
        request,
        "nominations/session_form.html",
        {"nav": "sessions", "form": form, "session": session},
        status=400 if form.errors else 200,
    )


# What a voting card shows of the dossier's achievements; the dossier page has all of it.
ACHIEVEMENTS_PREVIEW = 600


_DOCUMENTS = Attachment.objects.values_list("pk", "nomination_id", "kind", "filename")


def _documents_by_nomination(nomination_ids: list[int]) -> dict[int, list[dict]]:
    """The page's attachments in one query, each with its label and link built here."""
    document_url = page_rows.url_for_pks("attachment-download", 2)
    kinds = page_rows.labels(DocumentKind.choices)
    found: dict[int, list[dict]] = {}
    attachments = _DOCUMENTS.filter(nomination_id__in=nomination_ids)
    for pk, nomination_id, kind, filename in attachments:  # the model order (upload time)
        found.setdefault(nomination_id, []).append(
            {"url": document_url(nomination_id, pk), "kind": kinds.get(kind, kind), "filename": filename}
        )
    return found


def _agenda_rows(session):
    """The agenda's items with just what a voting card shows: no long text but a
    preview, no rule set or award type per row (`share_rules` shares them), the
    period's two dates joined (which rules were in force)."""
    return _AGENDA_ROWS.filter(session_id=session.pk)


_AGENDA_ITEM_COLUMNS = (
    "session_id", "nomination_id", "position", "members", "present", "yes", "no", "abstain",
    "written", "recused", "outcome", "base", "threshold", "threshold_base",
)  # fmt: skip
_AGENDA_NOMINATION_COLUMNS = (
    "reference", "nominee_name", "award_type_id", "period_id", "rule_set_id",
    "nominee_organization_id", "proposing_organization_id", "eligibility", "override_reason",
)  # fmt: skip


# The agenda query's shape, built once per process (its columns, joins and annotations
# took longer to resolve than the query to run); a page adds its session and slice.
_AGENDA_ROWS = (
    AgendaItem.objects.select_related("nomination__period")
    .only(
        *_AGENDA_ITEM_COLUMNS,
        *(f"nomination__{name}" for name in _AGENDA_NOMINATION_COLUMNS),
        "nomination__period__rules_date",
        "nomination__period__closes_on",
    )
    .annotate(
        award_name=F("nomination__award_type__name"),
        proposer_name=F("nomination__proposing_organization__name"),
        preview=Substr("nomination__achievements", 1, ACHIEVEMENTS_PREVIEW),
        achievements_length=Length("nomination__achievements"),
    )
    .order_by("position", "id")
)


class _Labels:
    """The words a page of voting cards repeats, translated once for the page."""

    def __init__(self) -> None:
        self.outcomes = page_rows.labels(ItemOutcome.choices)
        self.choices = page_rows.labels(VoteChoice.choices)
        self.checks = page_rows.labels(CHECK_LABELS.items())
        self.vote_for = _("Biểu quyết cho %(name)s")
        self.written = _("%(n)s ý kiến bằng văn bản")
        self.recused = _("%(n)s không tham gia biểu quyết")


def _tally_row(tally, labels: _Labels) -> dict | None:
    if tally is None:
        return None
    # "members / present · notes" as one text: a card's template nodes cost more than building it.
    attendance = [f"{tally.members} / {tally.present}"]
    if tally.written:
        attendance.append(labels.written % {"n": tally.written})
    if tally.recused:
        attendance.append(labels.recused % {"n": tally.recused})
    return {
        "yes": page_rows.number(tally.yes),
        "no": page_rows.number(tally.no),
        "abstain": page_rows.number(tally.abstain),
        "attendance": " · ".join(attendance),
        "share": council.tally_share(tally),
    }


def _agenda_page(request, session, user, *, roll, is_member: bool, show_counts: bool) -> page_rows.RowPage:
    """A page of the agenda (`?agenda=N` or `?agenda=all`): one query for the rows,
    shared by the tallies, with each row's links, labels and appraisal built here."""
    agenda = page_rows.page_of(
        request,
        _agenda_rows(session),
        param="agenda",
        count=session.items.count(),
        per_page=page_rows.CARDS_PER_PAGE,
    )
    items = agenda.rows
    documents = _documents_by_nomination([item.nomination_id for item in items])
    ballots = council.session_ballots(session, [item.pk for item in items]) if items else {}
    tallies = {}
    if show_counts and items:
        # Closed: the stored counts, unless closed before thresholds were stored.
        closed = session.status == SessionStatus.CLOSED
        needing = [item.nomination for item in items if not closed or item.threshold is None]
        share_rules(needing, rule_fields=TALLY_RULE_FIELDS)
        tallies = {
            item.pk: tally
            for item, tally in council.session_tallies(session, items, roll=roll, ballots=ballots)
        }
    labels = _Labels()
    detail_url = page_rows.url_for_pk("nomination-detail")
    agenda.rows = [
        _agenda_row(
            item,
            number,
            labels,
            url=detail_url(item.nomination_id),
            attachments=documents.get(item.nomination_id, []),
            tally=tallies.get(item.pk),
            ballot=ballots.get(item.pk, {}).get(user.pk) if is_member else None,
            recused=is_member and council.item_is_recused(member=user, nomination=item.nomination),
        )
        for number, item in enumerate(items, start=agenda.start + 1)
    ]
    return agenda


def _agenda_row(item, number: int, labels: _Labels, *, url, attachments, tally, ballot, recused) -> dict:
    nomination = item.nomination
    return {
        "heading": f"{number}. {nomination.nominee_name}",
        "pk": page_rows.number(nomination.pk),
        "subtitle": f"{nomination.reference} · {item.award_name} · {item.proposer_name or ''}",
        "outcome": item.outcome,
        "outcome_label": labels.outcomes.get(item.outcome, item.outcome),
        "url": url,
        "appraisal": _appraisal(nomination, labels),
        "achievements": item.preview,
        "achievements_cut": item.achievements_length > ACHIEVEMENTS_PREVIEW,
        "attachments": attachments,
        "tally": _tally_row(tally, labels),
        "my_vote": ballot
        and {
            "choice": ballot.choice,
            "label": labels.choices.get(ballot.choice, ballot.choice),
            "written": ballot.written,
        },
        "recused": recused,
        "vote_label": labels.vote_for % {"name": nomination.nominee_name},
    }


@page
def session_detail(request, pk: int):
    user = request.user
    session = _session_or_404(user, pk)
    roll = council.session_roll(session)
    is_member = any(member.pk == user.pk for member in roll.members)
    show_counts = council.tallies_visible_to(user, session)
    absent = roll.attendance.get(user.pk) is False
    agenda = _agenda_page(request, session, user, roll=roll, is_member=is_member, show_counts=show_counts)
    return render(
        request,
        "nominations/session_detail.html",
        {
            "nav": "sessions",
            "session": session,
            "agenda": agenda,
            "rows": agenda.rows,
            "is_staff": roles.is_staff(user),
            "is_member": is_member,
            "absent": absent,
            "show_counts": show_counts,
            "members": roll.members,
            "present_ids": roll.present,
            "can_vote": is_member and session.status == SessionStatus.OPEN and not absent,
        },
    )


def _appraisal(nomination, labels: _Labels) -> dict:
    """What a member must see before voting: the verdict at appraisal, each failed or
    manually confirmed criterion with its detail, and the override reason if any."""
    outcome = nomination.eligibility or {}
    checks = [
        {
            "passed": bool(c.get("passed")),
            "label": labels.checks.get(c.get("code"), c.get("code")),
            "detail": c.get("detail", ""),
        }
        for c in outcome.get("checks", [])
        if not c.get("passed") or c.get("code") == "manual"
    ]
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
    council.session_open, gettext_lazy("Đã mở phiên họp “%(title)s”: thành viên có thể biểu quyết.")
)


session_close = _session_action(
    council.session_close, gettext_lazy("Đã kết thúc phiên họp “%(title)s” và tính kết quả biểu quyết.")
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
