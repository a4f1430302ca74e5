"""Filters, sorting and pages of the service's lists: nominations, the inbox, council
sessions, decisions and notifications (the register's are `awards.register_filters`).

Every parameter is checked against the choices offered, so a hand-edited URL
filters by nothing rather than failing; the dossier search is the API's
(`nominations_matching`: a name in any order, or any part of a reference); other
searches are literal substrings (the ORM escapes `%` and `_`). Filters and sort live
in the URL, and the page links keep them (`query_string`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from awards import pickers, roles
from awards.models import AwardType, Organization, Period
from nominations.enums import DecisionStatus, NominationStatus, NotificationKind, SessionStatus
from nominations.selectors import nominations_matching

PER_PAGE = 25
SEARCH_LENGTH = 100

SORTS = {
    "-updated_at": (_("Mới cập nhật trước"), ("-updated_at", "-id")),
    "updated_at": (_("Cập nhật lâu nhất trước"), ("updated_at", "id")),
    "-submitted_at": (_("Nộp gần đây trước"), ("-submitted_at", "-id")),
    "submitted_at": (_("Nộp sớm nhất trước"), ("submitted_at", "id")),
    "reference": (_("Mã hồ sơ tăng dần"), ("reference", "id")),
    "-reference": (_("Mã hồ sơ giảm dần"), ("-reference", "-id")),
    "nominee": (_("Tên người/tập thể (A–Z)"), ("search_key", "id")),
}
SESSION_SORTS = {
    "-meeting_date": (_("Ngày họp gần đây trước"), ("-meeting_date", "-id")),
    "meeting_date": (_("Ngày họp sớm nhất trước"), ("meeting_date", "id")),
    "-updated_at": (_("Mới cập nhật trước"), ("-updated_at", "-id")),
}
DECISION_SORTS = {
    "-signed_on": (_("Ngày ký gần đây trước"), ("-signed_on", "-id")),
    "signed_on": (_("Ngày ký sớm nhất trước"), ("signed_on", "id")),
    "-total_reward": (_("Tổng tiền thưởng lớn nhất trước"), ("-total_reward", "-id")),
    "-updated_at": (_("Mới cập nhật trước"), ("-updated_at", "-id")),
}
NOTIFICATION_SORTS = {
    "-created_at": (_("Mới nhất trước"), ("-created_at", "-id")),
    "created_at": (_("Cũ nhất trước"), ("created_at", "id")),
}


@dataclass
class ListFilters:
    values: dict[str, str]
    periods: list = field(default_factory=list)
    award_types: list = field(default_factory=list)
    units: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    sorts: list = field(default_factory=list)
    search_label: str = ""
    search_hint: str = ""
    status_label: str = ""
    # The unit filter is a picker: the chosen unit and the first matches of `unit_q`.
    unit_query: str = ""
    unit_more: bool = False

    @property
    def active(self) -> bool:
        return any(v for k, v in self.values.items() if k != "sort")

    def written(self) -> list[tuple[str, str]]:
        """The filters in force, in words, for the first rows of an .xlsx download."""
        named = {
            "status": (self.status_label or _("Trạng thái"), dict(self.statuses)),
            "kind": (_("Loại thông báo"), dict(self.kinds)),
            "period": (_("Đợt"), {str(p.pk): p.name for p in self.periods}),
            "award_type": (_("Hình thức"), {a.code: a.name for a in self.award_types}),
            "unit": (_("Đơn vị đề nghị"), {str(u.pk): u.name for u in self.units}),
        }
        rows = [(str(_("Tìm")), self.values["q"])] if self.values.get("q") else []
        for key, (label, names) in named.items():
            if self.values.get(key):
                rows.append((str(label), str(names.get(self.values[key], self.values[key]))))
        return rows

    # Each select's options rendered here, in one pass: a template loop with a comparison
    # per option cost more than the rest of the inbox page (hundreds of units).
    @property
    def period_options(self) -> str:
        return _options(((str(p.pk), p.name) for p in self.periods), self.values.get("period"))

    @property
    def award_type_options(self) -> str:
        return _options(((a.code, a.name) for a in self.award_types), self.values.get("award_type"))

    @property
    def unit_options(self) -> str:
        return _options(((str(u.pk), u.name) for u in self.units), self.values.get("unit"))

    @property
    def status_options(self) -> str:
        return _options(self.statuses, self.values.get("status"))

    @property
    def kind_options(self) -> str:
        return _options(self.kinds, self.values.get("kind"))

    @property
    def sort_options(self) -> str:
        return _options(self.sorts, self.values.get("sort"))


def _options(choices, chosen) -> str:
    # Built like `format_html_join` (every value and label escaped), without a format call
    # per option: the unit list alone can hold hundreds.
    parts = []
    for value, label in choices:
        mark = " selected" if value == chosen else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return SafeString("".join(parts))


def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


def _search(request) -> str:
    return request.GET.get("q", "").strip()[:SEARCH_LENGTH]


# The filters show a period's or award type's name and use its id or code: nothing
# else is read (an award type's JSON and texts were most of the filter's query).
def _periods() -> list[Period]:
    return list(Period.objects.order_by("-year", "-closes_on", "-id").only("id", "name")[:40])


def _award_types() -> list[AwardType]:
    return list(AwardType.objects.filter(is_active=True).order_by("name").only("id", "code", "name"))


def _sorted(queryset: QuerySet, sorts: dict, values: dict) -> QuerySet:
    return queryset.order_by(*sorts[values["sort"]][1])


def _sort_choices(sorts: dict) -> list[tuple[str, str]]:
    return [(code, label) for code, (label, _order) in sorts.items()]


def _common(request, *, periods, award_types, statuses, sorts: dict, default_sort: str) -> dict[str, str]:
    """The period, award type, status, search and sort asked for, each one of those offered."""
    get = request.GET
    return {
        "q": _search(request),
        "status": _choice(get.get("status", ""), {code for code, _label in statuses}),
        "period": _choice(get.get("period", ""), {str(p.pk) for p in periods}),
        "award_type": _choice(get.get("award_type", ""), {a.code for a in award_types}),
        "sort": _choice(get.get("sort", ""), set(sorts)) or default_sort,
    }


def _contains(name: str, text: str) -> Q:
    """`name` holds `text` in any case. SQLite folds ASCII letters only, so "qđ" finds "QĐ"
    through the text's lower, upper and capitalised forms (PostgreSQL folds them all)."""
    found = Q(**{f"{name}__icontains": text})
    for form in {text.lower(), text.upper(), text.capitalize()}:
        found |= Q(**{f"{name}__contains": form})
    return found


def _by_period_type_status(queryset: QuerySet, values: dict) -> QuerySet:
    if values["status"]:
        queryset = queryset.filter(status=values["status"])
    if values["period"]:
        queryset = queryset.filter(period_id=int(values["period"]))
    if values.get("award_type"):
        queryset = queryset.filter(award_type__code=values["award_type"])
    return queryset


def apply_filters(request, queryset: QuerySet, *, default_sort: str, with_status: bool = True):
    """Nominations: (the filtered, sorted queryset, the ListFilters for the template)."""
    periods, award_types, units = _periods(), _award_types(), _unit_choice(request)
    statuses = list(NominationStatus.choices) if with_status else []
    values = _common(
        request,
        periods=periods,
        award_types=award_types,
        statuses=statuses,
        sorts=SORTS,
        default_sort=default_sort,
    )
    values["unit"] = str(units.chosen.pk) if units.chosen else ""
    queryset = _by_period_type_status(queryset, values)
    if units.chosen:
        queryset = queryset.filter(proposing_organization__path__startswith=units.chosen.path)
    if values["q"]:
        queryset = nominations_matching(queryset, values["q"])
    filters = ListFilters(
        values=values,
        periods=periods,
        award_types=award_types,
        units=units.offered,
        unit_query=units.query,
        unit_more=units.more,
        statuses=statuses,
        sorts=_sort_choices(SORTS),
        search_label=_("Tìm theo tên hoặc mã hồ sơ"),
        search_hint=_("vd: nguyen van, 2026-000020"),
    )
    return _sorted(queryset, SORTS, values), filters


def filter_sessions(request, queryset: QuerySet):
    """Council sessions by period, status and title; newest meeting first."""
    periods = _periods()
    statuses = list(SessionStatus.choices)
    values = _common(
        request,
        periods=periods,
        award_types=[],
        statuses=statuses,
        sorts=SESSION_SORTS,
        default_sort="-meeting_date",
    )
    queryset = _by_period_type_status(queryset, values)
    if values["q"]:
        queryset = queryset.filter(_contains("title", values["q"]))
    filters = ListFilters(
        values=values,
        periods=periods,
        statuses=statuses,
        sorts=_sort_choices(SESSION_SORTS),
        search_label=_("Tìm theo tên phiên họp"),
        search_hint=_("vd: phiên họp tháng 12"),
    )
    return _sorted(queryset, SESSION_SORTS, values), filters


def filter_decisions(request, queryset: QuerySet):
    """Decisions by period, award type, status and any part of their number."""
    periods, award_types = _periods(), _award_types()
    statuses = list(DecisionStatus.choices)
    values = _common(
        request,
        periods=periods,
        award_types=award_types,
        statuses=statuses,
        sorts=DECISION_SORTS,
        default_sort="-signed_on",
    )
    queryset = _by_period_type_status(queryset, values)
    if values["q"]:
        queryset = queryset.filter(_contains("number", values["q"]))
    filters = ListFilters(
        values=values,
        periods=periods,
        award_types=award_types,
        statuses=statuses,
        sorts=_sort_choices(DECISION_SORTS),
        search_label=_("Tìm theo số quyết định"),
        search_hint=_("vd: 125/QĐ-UBND"),
    )
    return _sorted(queryset, DECISION_SORTS, values), filters


def filter_notifications(request, queryset: QuerySet):
    """A user's notifications by kind and read state; newest first."""
    kinds = list(NotificationKind.choices)
    states = [("unread", _("Chưa đọc")), ("read", _("Đã đọc"))]
    get = request.GET
    # `unread=1`: the address this page linked to before it had filters (bookmarks keep working).
    legacy = "unread" if get.get("unread") == "1" else ""
    values = {
        "status": _choice(get.get("status", ""), {"unread", "read"}) or legacy,
        "kind": _choice(get.get("kind", ""), {code for code, _label in kinds}),
        "sort": _choice(get.get("sort", ""), set(NOTIFICATION_SORTS)) or "-created_at",
    }
    if values["status"]:
        queryset = queryset.filter(read_at__isnull=values["status"] == "unread")
    if values["kind"]:
        queryset = queryset.filter(kind=values["kind"])
    filters = ListFilters(
        values=values,
        statuses=states,
        kinds=kinds,
        sorts=_sort_choices(NOTIFICATION_SORTS),
        status_label=_("Đã đọc / chưa đọc"),
    )
    return _sorted(queryset, NOTIFICATION_SORTS, values), filters


def query_without_page(request) -> str:
    """The list's filters and sort, for its page links (and its .xlsx link)."""
    params = request.GET.copy()
    for name in ("page", "format"):
        params.pop(name, None)
    return params.urlencode()


def page_of(request, queryset, per_page: int = PER_PAGE, *, count_from: QuerySet | None = None) -> Page:
    """One page (`?page=N`; out of range or not a number: the nearest page) with the total count.

    `count_from`: the rows before `.values()` picked related columns, so the count
    needs no join (Django keeps the joins of a `.values()` query in its COUNT)."""
    paginator = Paginator(queryset, per_page)
    if count_from is not None:
        paginator.count = count_from.count()
    return paginator.get_page(request.GET.get("page"))


def units_for(user) -> QuerySet[Organization]:
    """The units a user may filter by: a unit head's own subtree, everyone's for the others
    (all of them, whatever their number: the filter is a picker, `nominations.views.pickers`)."""
    active = Organization.objects.filter(is_active=True)
    if roles.is_unit_head(user) and not roles.sees_all_submitted(user) and user.organization_id:
        active = Organization.objects.subtree_of(user.organization).filter(is_active=True)
    return active.order_by("search_key", "id")


def _unit_choice(request) -> pickers.UnitChoice:
    return pickers.unit_choice(units_for(request.user), request.GET.get("unit"), request.GET.get("unit_q"))
