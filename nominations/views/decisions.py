"""Decision pages: list, drafting, the annex, issuing, returning, editing and deleting drafts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import clock, exports, roles
from awards.models import AwardType, Organization, Period
from awards.pages import page
from awards.templatetags.ui import vnd
from nominations import decisions, export_columns, page_rows
from nominations.enums import DecisionStatus, NominationStatus
from nominations.forms import DecisionEditForm, DecisionForm
from nominations.list_filters import filter_decisions, page_of, query_without_page
from nominations.models import Decision, DecisionItem
from nominations.selectors import nominations_visible_to
from nominations.views.common import require, service_call

DRAFTS_SHOWN = 25


def _decision_or_404(user, pk: int) -> Decision:
    return get_object_or_404(
        decisions.decisions_visible_to(user).select_related("award_type", "period"), pk=pk
    )


@page
def decision_list(request):
    user = request.user
    if not (roles.is_staff(user) or roles.is_chairman(user)):
        raise PermissionDenied
    visible = decisions.decisions_visible_to(user).select_related("award_type", "period")
    qs, filters = filter_decisions(request, visible)
    download = exports.page_download(
        request,
        queryset=qs.prefetch_related("items"),
        columns=export_columns.DECISIONS,
        title=_("Danh sách quyết định khen thưởng"),
        filename="quyet-dinh.xlsx",
        filters=filters.written(),
    )
    if download is not None:
        return download
    # Unfiltered, the drafts awaiting signature come first in their own box.
    drafts = None if filters.active else list(qs.filter(status=DecisionStatus.DRAFT)[:DRAFTS_SHOWN])
    if drafts is not None:
        qs = qs.exclude(status=DecisionStatus.DRAFT)
    context = {
        "nav": "decisions",
        "drafts": drafts,
        "more_drafts": drafts is not None and len(drafts) == DRAFTS_SHOWN,
        "page": page_of(request, qs),
        "filters": filters,
        "query_string": query_without_page(request),
        "can_create": roles.is_staff(user),
    }
    return render(request, "nominations/decision_list.html", context)


def _approved_free(user):
    """Approved nominations not already on a draft decision."""
    return (
        nominations_visible_to(user=user)
        .filter(status=NominationStatus.APPROVED)
        .exclude(decision_items__decision__status=DecisionStatus.DRAFT)
        .select_related("award_type", "proposing_organization", "nominee_person")
        .order_by("award_type__name", "nominee_name")
    )


def _decision_initial(award_code: str) -> dict:
    """The form's start: today, the latest decision's signer and authority (they rarely
    change), the newest period, and every approved dossier of the award type chosen."""
    initial = {"signed_on": clock.today()}
    latest = Decision.objects.order_by("-signed_on", "-id").first()
    if latest is not None:
        initial.update(
            signer_name=latest.signer_name,
            signer_title=latest.signer_title,
            authority=latest.authority,
            place=latest.place,
        )
    if award_code:
        initial.update(award_type=award_code, all_approved=True)
    period = Period.objects.order_by("-year").first()
    if period is not None:
        initial["period"] = period.pk
    return initial


def _draft_from(request, form: DecisionForm):
    """The service call of a confirmed form: the redirect to the draft, or None (errors on the form)."""
    data = form.cleaned_data
    ok, decision = service_call(
        request,
        form,
        decisions.decision_create,
        actor=request.user,
        nominations=list(data["nominations"]),
        **{name: data[name] for name in _DECISION_FIELDS},
    )
    if not ok:
        return None
    messages.success(
        request,
        _("Đã lập dự thảo quyết định %(number)s và trình Chủ tịch ký ban hành.")
        % {"number": decision.number},
    )
    return redirect("decision-detail", pk=decision.pk)


_DECISION_FIELDS = (
    "number",
    "signed_on",
    "signer_name",
    "signer_title",
    "authority",
    "award_type",
    "period",
    "place",
    "citation",
    "proposal_number",
    "proposal_date",
    "proposer",
)


@page
def decision_create(request):
    """Draft a decision from approved nominations, after a confirmation listing them."""
    require(roles.is_staff, request.user)
    available = _approved_free(request.user)
    award_code = request.GET.get("award_type") or request.POST.get("award_type") or ""
    confirming = False
    if request.method == "POST":
        form = DecisionForm(request.POST, nominations_queryset=available)
        if form.is_valid():
            if request.POST.get("confirm") != "1":
                confirming = True
            else:
                done = _draft_from(request, form)
                if done is not None:
                    return done
    else:
        form = DecisionForm(nominations_queryset=available, initial=_decision_initial(award_code))
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


_PERSON_UNIT = "nomination__nominee_person__organization"
_NOMINEE_UNIT = "nomination__nominee_organization"
# Only what an annex row shows, as plain values: no long texts, JSON, timestamps
# or model instances (building those for every row was most of the page's time).
_ANNEX_COLUMNS = (
    "nomination_id",
    "amount",
    "revoked_on",
    "revocation_act",
    "nomination__nominee_name",
    "nomination__nominee_person_id",
    "nomination__status",
    "nomination__nominee_person__position",
    *_unit_chain(_PERSON_UNIT),
    *_unit_chain(_NOMINEE_UNIT),
)

# The annex query's shape, built once per process: resolving its twenty-odd columns
# through six joins cost more than running it (1.1 of 1.6 ms); a page only adds its
# decision and slice.
_ANNEX_LINES = DecisionItem.objects.order_by("position", "id").values(*_ANNEX_COLUMNS)


class _Unit:
    """A unit as `decisions.unit_path` walks it, from an annex row's values; past the
    three levels the row holds, its parent is read from the database as a model's would."""

    __slots__ = ("_parent", "kind", "name", "parent_id")

    def __init__(self, name: str, kind: str, parent_id: int | None, parent: Any = None) -> None:
        self.name, self.kind, self.parent_id, self._parent = name, kind, parent_id, parent

    @property
    def parent(self) -> Any:
        if self._parent is None and self.parent_id is not None:
            self._parent = Organization.objects.get(pk=self.parent_id)
        return self._parent


def _unit(row: dict, prefix: str) -> _Unit | None:
    top = None
    for depth in (2, 1, 0):
        key = f"{prefix}{'__parent' * depth}"
        if row[f"{key}__name"] is not None:
            top = _Unit(row[f"{key}__name"], row[f"{key}__kind"], row[f"{key}__parent_id"], top)
    return top


def _annex_detail(row: dict) -> str:
    """The annex's wording of the unit, as the decision prints it."""
    if row["nomination__nominee_person_id"] is not None:
        unit = decisions.unit_path(_unit(row, _PERSON_UNIT))
        return decisions.position_and_unit(row["nomination__nominee_person__position"], unit)
    organization = _unit(row, _NOMINEE_UNIT)
    return decisions.unit_path(organization.parent if organization else None)


def _annex_page(request, decision: Decision, *, can_revoke: bool) -> page_rows.RowPage:
    """A page of the annex (`?annex=N`, or `?annex=all`) from one query, each row with
    its wording, amount, status label and links computed here once for the page (the
    revoke link only on the rows the user may revoke)."""
    lines = _ANNEX_LINES.filter(decision_id=decision.pk)
    # Counted without the row query's joins (SQLite would join every line to count it).
    annex = page_rows.page_of(request, lines, param="annex", count=decision.items.count())
    detail_url = page_rows.url_for_pk("nomination-detail")
    revoke_url = page_rows.url_for_pk("nomination-revoke")
    labels = page_rows.labels(NominationStatus.choices)
    units = page_rows.Escaped()  # many lines share a unit's wording
    annex.rows = [
        {
            "number": page_rows.number(number),  # as text: a number would be localised per row
            "name": row["nomination__nominee_name"],
            "detail": units[_annex_detail(row)],
            "amount": "—" if row["amount"] is None else SafeString(vnd(row["amount"])),  # digits, dots, "đ"
            "status": row["nomination__status"],
            "status_label": labels.get(row["nomination__status"], row["nomination__status"]),
            "revoked": row["revoked_on"] is not None,
            "revocation_act": row["revocation_act"],
            "url": detail_url(row["nomination_id"]),
            "revoke_url": revoke_url(row["nomination_id"])
            if can_revoke and row["nomination__status"] == NominationStatus.AWARDED
            else "",
        }
        for number, row in enumerate(annex.rows, start=annex.start + 1)
    ]
    return annex


@page
def decision_detail(request, pk: int):
    user = request.user
    decision = _decision_or_404(user, pk)
    draft = decision.status == DecisionStatus.DRAFT
    can_revoke = roles.is_chairman(user) and not draft
    annex = _annex_page(request, decision, can_revoke=can_revoke)
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
            "can_print": roles.is_staff(user) and not draft,
        },
    )


def _decision_action(service, allowed, success, *, posted=lambda data: {}, done=None):
    """A POST on one decision: the role check, the service with what the form posted,
    a message, and back to the decision (or to `done` once it is gone)."""

    @page
    def view(request, pk: int):
        require(allowed, request.user)
        decision = _decision_or_404(request.user, pk)
        if request.method == "POST":
            ok, _result = service_call(
                request, None, service, decision=decision, actor=request.user, **posted(request.POST)
            )
            if ok:
                messages.success(request, success % {"number": decision.number})
                if done:
                    return redirect(done)
        return redirect("decision-detail", pk=pk)

    return view


decision_issue = _decision_action(
    decisions.decision_issue,
    roles.is_chairman,
    gettext_lazy("Đã ban hành quyết định %(number)s."),
    posted=lambda data: {"confirm_unverified": data.get("confirm_unverified") == "1"},
)

# The chairman sends a draft back to staff with a comment.
decision_return = _decision_action(
    decisions.decision_return,
    roles.is_chairman,
    gettext_lazy("Đã trả lại dự thảo %(number)s cho cán bộ."),
    posted=lambda data: {"comment": data.get("comment", "")},
)

# Staff send a returned draft back to the chairman (after correcting it).
decision_resubmit = _decision_action(
    decisions.decision_update, roles.is_staff, gettext_lazy("Đã trình lại dự thảo %(number)s.")
)

decision_delete = _decision_action(
    decisions.decision_delete,
    roles.is_staff,
    gettext_lazy("Đã xóa dự thảo quyết định %(number)s."),
    done="decision-list",
)


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
        ok, _result = service_call(
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
