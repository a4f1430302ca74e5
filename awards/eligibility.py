"""The eligibility engine: a rule set's criteria judged against the register.

`evaluate_many` reads the register in a constant number of queries however many
nominees and however many years of history there are: one query per kind of
fact the criteria need (ratings, register lines, holds, initiatives, bloc
results, registrations), each bounded to the years the criteria look at. The
checks themselves are pure Python over those facts.

The "already nominated" half of the duplicate check needs the nominations app,
which this app never imports: it registers a provider here
(`register_open_nominations_provider`) from its AppConfig.ready.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language, gettext

from awards.criteria import AllOf, AnyOf, Check, Criteria, Expr, Ground, parse_criteria
from awards.enums import RATING_RANK, AwardCategory, HoldKind, PeriodKind, RatingLevel, RecipientKind
from awards.enums import InitiativeScope as Scope
from awards.models import (
    AwardRecord,
    AwardType,
    BlocResult,
    Hold,
    Initiative,
    Organization,
    Period,
    Person,
    Rating,
    Registration,
    RuleSet,
)

SubjectKey = tuple[str, int]
OpenNominationsProvider = Callable[..., dict[SubjectKey, list[str]]]

_SCOPE_RANK = {Scope.GRASSROOTS: 0, Scope.PROVINCE: 1, Scope.NATIONAL: 2}
_OK, _KO = "✓", "✗"


# What a criterion's mark says: met, not met, waiting for staff to confirm it
# (a judgement no data can make), not yet known (data nobody has entered yet).
MET, NOT_MET, PENDING, UNKNOWN = "met", "not_met", "pending", "unknown"


@lru_cache(maxsize=512)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """The message in the active language, looked up once per language: the engine
    formats the same few sentences for thousands of people, and a catalogue lookup
    per check per person was most of its time."""
    return _translated(get_language(), message)


@dataclass(frozen=True)
class CheckResult:
    code: str
    passed: bool
    detail: str
    legal_basis: str
    # "" reads as met/not met from `passed`; `missing` says what is missing and who provides it.
    state: str = ""
    missing: str = ""

    @property
    def status(self) -> str:
        return self.state or (MET if self.passed else NOT_MET)


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    ground: str
    checks: tuple[CheckResult, ...]
    initiative_ids: tuple[int, ...] = ()
    rule_set_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "ground": self.ground,
            "checks": [
                {
                    "code": c.code,
                    "passed": c.passed,
                    "state": c.status,
                    "detail": c.detail,
                    "missing": c.missing,
                    "legal_basis": c.legal_basis,
                }
                for c in self.checks
            ],
        }


@dataclass(frozen=True)
class Subject:
    person_id: int | None = None
    organization_id: int | None = None

    @classmethod
    def of(cls, subject: Person | Organization | Subject) -> Subject:
        if isinstance(subject, Subject):
            return subject
        if isinstance(subject, Person):
            return cls(person_id=subject.pk)
        if isinstance(subject, Organization):
            return cls(organization_id=subject.pk)
        raise TypeError(f"not a nominee: {subject!r}")

    @property
    def key(self) -> SubjectKey:
        if self.person_id is not None:
            return ("person", self.person_id)
        return ("organization", self.organization_id)  # type: ignore[return-value]

    @property
    def recipient_kind(self) -> str:
        return RecipientKind.INDIVIDUAL if self.person_id is not None else RecipientKind.COLLECTIVE


# --- the nominations app's hook -------------------------------------------------------------

_open_nominations_provider: OpenNominationsProvider | None = None


def register_open_nominations_provider(fn: OpenNominationsProvider | None) -> None:
    """Install the function that lists other open nominations of the same period.

    `fn(*, period, subject_keys, exclude_nomination_ids)` returns
    {("person", id) | ("organization", id): [reference, ...]}. None uninstalls.
    """
    global _open_nominations_provider
    _open_nominations_provider = fn


# --- rule sets ---------------------------------------------------------------------------------


def rule_set_for(*, award_type: AwardType, period: Period) -> RuleSet:
    """The rule set in force on the day the period is judged (docs/architecture.md, "Rules are data")."""
    rule_set = award_type.rule_set_on(period.judged_on)
    if rule_set is None:
        raise ValidationError(
            _("Chưa có bộ quy tắc của “%(award)s” có hiệu lực ngày %(date)s.")
            % {"award": award_type.name, "date": _date(period.judged_on)}
        )
    return rule_set


# --- facts ---------------------------------------------------------------------------------------


@dataclass
class _Facts:
    """What the register says about the nominees, read once for all of them."""

    year: int
    window: tuple[datetime.date, datetime.date]
    # org id → the org and all its predecessors (transitively), the org first
    lineage: dict[int, list[int]] = field(default_factory=dict)
    org_names: dict[int, str] = field(default_factory=dict)
    ratings: dict[SubjectKey, dict[int, list[tuple[str, bool, SubjectKey]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    titles: dict[SubjectKey, dict[str, dict[int, str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )
    same_achievement: dict[SubjectKey, list[str]] = field(default_factory=lambda: defaultdict(list))
    holds: dict[SubjectKey, list[tuple[str, datetime.date, datetime.date | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    initiatives: dict[int, list[tuple[int, str, datetime.date, str, int | None, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    bloc_results: dict[int, tuple[str, int | None, bool]] = field(default_factory=dict)
    registered: set[int] = field(default_factory=set)
    open_nominations: dict[SubjectKey, list[str]] = field(default_factory=dict)
    award_names: dict[str, str] = field(default_factory=dict)

    def keys_of(self, subject: Subject) -> list[SubjectKey]:
        """The subject's own key, then its predecessors' (their history counts for it)."""
        if subject.person_id is not None:
            return [subject.key]
        return [("organization", org_id) for org_id in self.lineage[subject.organization_id]]


def _subject_q(person_ids: set[int], org_ids: set[int], prefix: str = "") -> Q:
    q = Q(pk__in=[])
    if person_ids:
        q |= Q(**{f"{prefix}person_id__in": sorted(person_ids)})
    if org_ids:
        q |= Q(**{f"{prefix}organization_id__in": sorted(org_ids)})
    return q


def _key(person_id: int | None, organization_id: int | None) -> SubjectKey:
    return ("person", person_id) if person_id is not None else ("organization", organization_id)  # type: ignore[return-value]


def _load_lineage(facts: _Facts, org_ids: set[int]) -> None:
    predecessors: dict[int, list[int]] = defaultdict(list)
    for pk, successor_id, name in Organization.objects.filter(successor__isnull=False).values_list(
        "pk", "successor_id", "name"
    ):
        predecessors[successor_id].append(pk)
        facts.org_names[pk] = name
    for org_id in org_ids:
        seen, queue = [org_id], [org_id]
        while queue:
            for pred in predecessors.get(queue.pop(0), []):
                if pred not in seen:
                    seen.append(pred)
                    queue.append(pred)
        facts.lineage[org_id] = seen


@dataclass(frozen=True)
class _Query:
    """What every loader needs to know: whom, which years, which period."""

    award_type: AwardType
    period: Period
    first_year: int
    person_ids: set[int]
    org_ids: set[int]

    @property
    def subjects(self) -> Q:
        return _subject_q(self.person_ids, self.org_ids)


def _load_ratings(facts: _Facts, query: _Query) -> None:
    rows = Rating.objects.filter(
        query.subjects, year__gte=query.first_year, year__lte=facts.year
    ).values_list("person_id", "organization_id", "year", "level", "maternity_leave")
    for person_id, organization_id, row_year, level, maternity in rows:
        key = _key(person_id, organization_id)
        facts.ratings[key][row_year].append((level, maternity, key))


def _load_award_records(facts: _Facts, query: _Query) -> None:
    period, award_type = query.period, query.award_type
    rows = (
        AwardRecord.objects.filter(query.subjects, revoked=False)
        .filter(Q(year__gte=query.first_year, year__lte=facts.year) | Q(period_id=period.pk))
        .values_list(
            "person_id",
            "organization_id",
            "award_type_id",
            "award_type__code",
            "award_type__name",
            "award_type__category",
            "year",
            "period_id",
            "period__kind",
            "decision_number",
        )
    )
    for person_id, org_id, type_id, code, name, category, row_year, period_id, kind, number in rows:
        key = _key(person_id, org_id)
        # Sudden and thematic awards do not count toward later ones (Decree 152 Art. 4(3)).
        if kind in (None, PeriodKind.ANNUAL):
            facts.titles[key][code][row_year] = number
        same_type = type_id == award_type.pk and (row_year == facts.year or period_id == period.pk)
        # One achievement, one form (Law Art. 5(2)(c)): two commendations for one period.
        same_form = (
            period_id == period.pk
            and category == AwardCategory.COMMENDATION
            and award_type.category == AwardCategory.COMMENDATION
        )
        if same_type or same_form:
            facts.same_achievement[key].append(
                _("%(award)s năm %(year)s (Quyết định số %(number)s)")
                % {"award": name, "year": row_year, "number": number}
            )


def _load_award_names(facts: _Facts, criteria: Criteria) -> None:
    facts.award_names = dict(
        AwardType.objects.filter(code__in=criteria.title_codes()).values_list("code", "name")
    )


def _load_holds(facts: _Facts, query: _Query) -> None:
    # Back to the first year looked at (discipline), or to the window's start when the
    # period opens before 1 January (the hold check covers the whole window).
    since = min(datetime.date(query.first_year, 1, 1), facts.window[0])
    rows = (
        Hold.objects.filter(query.subjects, starts_on__lte=facts.window[1])
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        .values_list("person_id", "organization_id", "kind", "starts_on", "ends_on")
    )
    for person_id, org_id, kind, starts_on, ends_on in rows:
        facts.holds[_key(person_id, org_id)].append((kind, starts_on, ends_on))


def _load_initiatives(facts: _Facts, query: _Query) -> None:
    rows = Initiative.objects.filter(
        person_id__in=sorted(query.person_ids),
        recognized_on__gte=datetime.date(query.first_year, 1, 1),
        recognized_on__lte=datetime.date(facts.year, 12, 31),
    ).values_list(
        "pk", "person_id", "title", "recognized_on", "scope", "used_by_nomination_id", "used_by_reference"
    )
    for pk, person_id, title, recognized_on, scope, used_by, used_ref in rows.order_by("recognized_on", "pk"):
        facts.initiatives[person_id].append((pk, title, recognized_on, scope, used_by, used_ref))


def _load_bloc_results(facts: _Facts, query: _Query) -> None:
    rows = BlocResult.objects.filter(
        period=query.period, organization_id__in=sorted(query.org_ids)
    ).values_list("organization_id", "bloc__name", "rank", "is_leading")
    for org_id, bloc_name, rank, is_leading in rows:
        facts.bloc_results[org_id] = (bloc_name, rank, is_leading)


def _load_registrations(facts: _Facts, query: _Query, person_orgs: dict[int, int]) -> None:
    reg_orgs = query.org_ids | set(person_orgs.values())
    if not reg_orgs:
        return
    rows = Registration.objects.filter(period=query.period, organization_id__in=sorted(reg_orgs)).values_list(
        "organization_id", "award_types__id"
    )
    for org_id, type_id in rows:
        # A pledge that names no award type covers them all.
        if type_id in (None, query.award_type.pk):
            facts.registered.add(org_id)


def _load_open_nominations(facts: _Facts, query: _Query, exclude_nomination_ids: set[int]) -> None:
    keys = {("person", pk) for pk in query.person_ids} | {("organization", pk) for pk in query.org_ids}
    facts.open_nominations = _open_nominations_provider(  # type: ignore[misc]
        period=query.period, subject_keys=keys, exclude_nomination_ids=exclude_nomination_ids
    )


def _load_facts(
    *,
    award_type: AwardType,
    criteria: Criteria,
    period: Period,
    subjects: Sequence[Subject],
    person_orgs: dict[int, int],
    exclude_nomination_ids: set[int],
    needs_registration: bool,
) -> _Facts:
    """One loader per kind of fact, each run only when a criterion asks for it."""
    year = period.year
    window = (min(datetime.date(year, 1, 1), period.opens_on), max(period.closes_on, period.judged_on))
    facts = _Facts(year=year, window=window)
    codes = criteria.check_codes()
    person_ids = {s.person_id for s in subjects if s.person_id is not None}
    own_org_ids = {s.organization_id for s in subjects if s.organization_id is not None}
    if own_org_ids:
        _load_lineage(facts, own_org_ids)
    org_ids = {pk for org_id in own_org_ids for pk in facts.lineage[org_id]}
    query = _Query(award_type, period, year - criteria.history_years() + 1, person_ids, org_ids)

    if "rating_streak" in codes:
        _load_ratings(facts, query)
    if codes & {"title_streak", "no_duplicate"}:
        _load_award_records(facts, query)
    if "title_streak" in codes:
        _load_award_names(facts, criteria)
    if codes & {"no_hold", "rating_streak", "title_streak", "initiatives"}:
        _load_holds(facts, query)
    if "initiatives" in codes and person_ids:
        _load_initiatives(facts, query)
    if "leads_bloc" in codes and org_ids:
        _load_bloc_results(facts, query)
    if needs_registration:
        _load_registrations(facts, query, person_orgs)
    if "no_duplicate" in codes and _open_nominations_provider is not None:
        _load_open_nominations(facts, query, exclude_nomination_ids)
    return facts


# --- the checks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Leaf:
    result: CheckResult
    initiative_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Context:
    subject: Subject
    facts: _Facts
    exclude_nomination_id: int | None
    person_org: int | None


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _mark(passed: bool) -> str:
    return _OK if passed else _KO


def _join(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _count_from_year(ctx: _Context) -> int:
    """After discipline, achievements count only from the end of it (Decree 152 Art. 4(4))."""
    floor = 0
    for key in ctx.facts.keys_of(ctx.subject):
        for kind, _starts, ends_on in ctx.facts.holds.get(key, []):
            if kind != HoldKind.DISCIPLINE:
                continue
            floor = max(floor, 10_000 if ends_on is None else ends_on.year + 1)
    return floor


def _discipline_note(row_year: int) -> str:
    return _("năm %(year)s: chưa được tính vì đang trong hoặc trước khi hết thời hạn kỷ luật %(mark)s") % {
        "year": row_year,
        "mark": _KO,
    }


def _predecessor_note(ctx: _Context, key: SubjectKey) -> str:
    if key == ctx.subject.key:
        return ""
    return " " + _("(của đơn vị tiền thân %(name)s)") % {"name": ctx.facts.org_names.get(key[1], key[1])}


def _streak_years(ctx: _Context, years: int) -> list[int]:
    return list(range(ctx.facts.year - years + 1, ctx.facts.year + 1))


def check_rating_streak(check: Check, ctx: _Context) -> _Leaf:
    level, years = check.param("level"), check.param("years")
    wanted = RATING_RANK[level]
    floor = _count_from_year(ctx)
    parts, passed, unrated, failed = [], True, [], False
    for row_year in _streak_years(ctx, years):
        if row_year < floor:
            parts.append(_discipline_note(row_year))
            passed, failed = False, True
            continue
        found = [
            row for key in ctx.facts.keys_of(ctx.subject) for row in ctx.facts.ratings[key].get(row_year, [])
        ]
        if not found:
            parts.append(_("năm %(year)s: chưa có kết quả xếp loại") % {"year": row_year})
            unrated.append(row_year)
            passed = False
            continue
        own = [row for row in found if row[2] == ctx.subject.key]
        # The unit's own rating first; among predecessors, the lowest (the cautious reading).
        row_level, maternity, key = own[0] if own else min(found, key=lambda r: RATING_RANK[r[0]])
        if maternity:
            # Maternity leave counts toward consecutive years (Decree 152 Art. 4(5)).
            parts.append(
                _("năm %(year)s: nghỉ thai sản, được tính %(mark)s") % {"year": row_year, "mark": _OK}
            )
            continue
        ok = RATING_RANK[row_level] >= wanted
        passed = passed and ok
        failed = failed or not ok
        parts.append(
            _("năm %(year)s: %(level)s%(origin)s %(mark)s")
            % {
                "year": row_year,
                "level": RatingLevel(row_level).label,
                "origin": _predecessor_note(ctx, key),
                "mark": _mark(ok),
            }
        )
    head = _("Cần %(years)s năm liên tục xếp loại “%(level)s” trở lên đến năm %(year)s.") % {
        "years": years,
        "level": RatingLevel(level).label,
        "year": ctx.facts.year,
    }
    result = CheckResult(check.code, passed, f"{head} {_join(parts)}.", check.legal_basis)
    if unrated and not failed:
        # Nothing failed; the missing years decide: not yet known, and who fills them in.
        missing = _(
            "Kết quả xếp loại năm %(years)s: đơn vị cập nhật hoặc Ban Thi đua - Khen thưởng nhập từ tệp."
        ) % {"years": ", ".join(str(y) for y in unrated)}
        result = replace(result, state=UNKNOWN, missing=missing)
    return _Leaf(result)


def check_title_streak(check: Check, ctx: _Context) -> _Leaf:
    code, years = check.param("award_type"), check.param("years")
    name = ctx.facts.award_names.get(code, code)
    floor = _count_from_year(ctx)
    parts, passed = [], True
    for row_year in _streak_years(ctx, years):
        if row_year < floor:
            parts.append(_discipline_note(row_year))
            passed = False
            continue
        held = [
            (key, ctx.facts.titles[key][code][row_year])
            for key in ctx.facts.keys_of(ctx.subject)
            if row_year in ctx.facts.titles[key].get(code, {})
        ]
        if held:
            key, number = held[0]
            parts.append(
                _("năm %(year)s: đạt (Quyết định số %(number)s)%(origin)s %(mark)s")
                % {"year": row_year, "number": number, "origin": _predecessor_note(ctx, key), "mark": _OK}
            )
        else:
            passed = False
            parts.append(
                _("năm %(year)s: chưa có trong sổ khen thưởng %(mark)s") % {"year": row_year, "mark": _KO}
            )
    head = _("Cần %(years)s năm liên tục đạt danh hiệu “%(name)s” đến năm %(year)s.") % {
        "years": years,
        "name": name,
        "year": ctx.facts.year,
    }
    return _Leaf(CheckResult(check.code, passed, f"{head} {_join(parts)}.", check.legal_basis))


def check_initiatives(check: Check, ctx: _Context) -> _Leaf:
    count, years = check.param("count"), check.param("years", 1)
    scope = check.param("scope")
    first = max(ctx.facts.year - years + 1, _count_from_year(ctx))
    span = str(ctx.facts.year) if years == 1 else f"{ctx.facts.year - years + 1}–{ctx.facts.year}"
    head = _("Cần %(count)s sáng kiến được công nhận trong năm %(span)s, chưa dùng cho khen thưởng khác.") % {
        "count": count,
        "span": span,
    }
    if ctx.subject.person_id is None:
        detail = _("Sáng kiến chỉ tính cho cá nhân.")
        return _Leaf(CheckResult(check.code, False, f"{head} {detail}", check.legal_basis))
    usable, used = [], []
    for pk, title, recognized_on, row_scope, used_by, used_ref in ctx.facts.initiatives.get(
        ctx.subject.person_id, []
    ):
        if recognized_on.year < first:
            continue
        if scope and _SCOPE_RANK[row_scope] < _SCOPE_RANK[scope]:
            continue
        # An initiative supports one award only (Công văn 5007/BNV-TĐKT).
        taken = (used_by is not None and used_by != ctx.exclude_nomination_id) or (
            used_by is None and used_ref
        )
        (used if taken else usable).append((pk, title, recognized_on, used_ref or str(used_by or "")))
    counted = usable[:count]
    passed = len(usable) >= count
    if counted:
        listed = ", ".join(f"«{t}» ({_date(d)})" for _pk, t, d, _r in counted)
        parts = [_("có %(n)s: %(list)s") % {"n": len(usable), "list": listed}]
    else:
        parts = [_("chưa có sáng kiến nào")]
    parts += [_("«%(title)s» đã dùng cho hồ sơ %(ref)s") % {"title": t, "ref": r} for _pk, t, _d, r in used]
    detail = f"{head} {_join(parts)} {_mark(passed)}."
    # Bound to the dossier only if the check passes: `_result_for` keeps passed leaves' ids.
    ids = tuple(pk for pk, *_rest in counted)
    return _Leaf(CheckResult(check.code, passed, detail, check.legal_basis), ids)


def check_leads_bloc(check: Check, ctx: _Context) -> _Leaf:
    if ctx.subject.organization_id is None:
        return _Leaf(CheckResult(check.code, False, _("Chỉ áp dụng cho tập thể."), check.legal_basis))
    results = [
        (key, ctx.facts.bloc_results[key[1]])
        for key in ctx.facts.keys_of(ctx.subject)
        if key[1] in ctx.facts.bloc_results
    ]
    leading = [(key, r) for key, r in results if r[2]]
    if leading:
        key, (bloc, rank, _lead) = leading[0]
        detail = _("Được suy tôn dẫn đầu %(bloc)s năm %(year)s%(origin)s %(mark)s.") % {
            "bloc": bloc,
            "year": ctx.facts.year,
            "origin": _predecessor_note(ctx, key),
            "mark": _OK,
        }
        return _Leaf(CheckResult(check.code, True, detail, check.legal_basis))
    if results:
        bloc, rank, _lead = results[0][1]
        detail = _("Không được suy tôn dẫn đầu %(bloc)s năm %(year)s (xếp hạng %(rank)s) %(mark)s.") % {
            "bloc": bloc,
            "year": ctx.facts.year,
            "rank": rank if rank is not None else "—",
            "mark": _KO,
        }
    else:
        detail = _("Chưa có kết quả khối thi đua của đơn vị trong đợt này.")
        missing = _("Kết quả bình xét của khối thi đua: Ban Thi đua - Khen thưởng nhập.")
        return _Leaf(CheckResult(check.code, False, detail, check.legal_basis, UNKNOWN, missing))
    return _Leaf(CheckResult(check.code, False, detail, check.legal_basis))


def check_no_hold(check: Check, ctx: _Context) -> _Leaf:
    kinds = set(check.param("kinds") or HoldKind.values)
    start, end = ctx.facts.window
    blocking = [
        (kind, starts_on, ends_on)
        for key in ctx.facts.keys_of(ctx.subject)
        for kind, starts_on, ends_on in ctx.facts.holds.get(key, [])
        if kind in kinds and starts_on <= end and (ends_on is None or ends_on >= start)
    ]
    span = {"start": _date(start), "end": _date(end)}
    if not blocking:
        detail = _(
            "Không bị kỷ luật, điều tra, thanh tra hay khiếu nại đang xác minh từ %(start)s đến %(end)s %(mark)s."
        )
        return _Leaf(CheckResult(check.code, True, detail % {**span, "mark": _OK}, check.legal_basis))
    items = [
        _("%(kind)s từ %(start)s đến %(end)s")
        % {"kind": HoldKind(kind).label, "start": _date(s), "end": _date(e) if e else _("nay")}
        for kind, s, e in sorted(blocking, key=lambda h: h[1])
    ]
    detail = _("Đang có trường hợp tạm hoãn khen thưởng: %(items)s %(mark)s.") % {
        "items": "; ".join(items),
        "mark": _KO,
    }
    return _Leaf(CheckResult(check.code, False, detail, check.legal_basis))


def check_no_duplicate(check: Check, ctx: _Context) -> _Leaf:
    found: list[str] = []
    for key in ctx.facts.keys_of(ctx.subject):
        found += ctx.facts.same_achievement.get(key, [])
        found += [
            _("hồ sơ %(ref)s đang xử lý") % {"ref": ref} for ref in ctx.facts.open_nominations.get(key, [])
        ]
    if not found:
        detail = _("Chưa được đề nghị hay khen thưởng cho thành tích của đợt này %(mark)s.") % {"mark": _OK}
        return _Leaf(CheckResult(check.code, True, detail, check.legal_basis))
    detail = _("Thành tích của đợt này đã được đề nghị hoặc khen thưởng: %(items)s %(mark)s.") % {
        "items": "; ".join(found),
        "mark": _KO,
    }
    return _Leaf(CheckResult(check.code, False, detail, check.legal_basis))


def check_registered(check: Check, ctx: _Context) -> _Leaf:
    if ctx.subject.person_id is not None:
        orgs = [ctx.person_org] if ctx.person_org else []
    else:
        orgs = [key[1] for key in ctx.facts.keys_of(ctx.subject)]
    passed = any(org in ctx.facts.registered for org in orgs)
    if passed:
        detail = _("Đã đăng ký thi đua trong đợt này %(mark)s.") % {"mark": _OK}
    else:
        detail = _("Chưa đăng ký thi đua trong đợt này %(mark)s.") % {"mark": _KO}
    return _Leaf(CheckResult(check.code, passed, detail, check.legal_basis))


def check_manual(check: Check, ctx: _Context) -> _Leaf:
    # Not a fact the engine can read: it does not block eligibility, but it is not
    # "met" until staff confirm it by verifying the dossier.
    detail = _("%(text)s: cần cán bộ thẩm định xác nhận.") % {"text": check.param("text")}
    missing = _("Cán bộ Ban Thi đua - Khen thưởng xác nhận khi thẩm định hồ sơ.")
    return _Leaf(CheckResult(check.code, True, detail, check.legal_basis, PENDING, missing))


CHECKS: dict[str, Callable[[Check, _Context], _Leaf]] = {
    "rating_streak": check_rating_streak,
    "title_streak": check_title_streak,
    "initiatives": check_initiatives,
    "leads_bloc": check_leads_bloc,
    "no_hold": check_no_hold,
    "no_duplicate": check_no_duplicate,
    "registered": check_registered,
    "manual": check_manual,
}


# --- the expression evaluator --------------------------------------------------------------------


def evaluate_expr(expr: Expr, ctx: _Context, legal_basis: str = "") -> tuple[bool, list[_Leaf]]:
    """(passed, the leaves to show). An any_of that passes shows only its first passing branch."""
    basis = getattr(expr, "legal_basis", "") or legal_basis
    if isinstance(expr, Check):
        leaf = CHECKS[expr.code](expr, ctx)
        if not leaf.result.legal_basis:
            leaf = _Leaf(replace(leaf.result, legal_basis=basis), leaf.initiative_ids)
        return leaf.result.passed, [leaf]
    branches = [evaluate_expr(item, ctx, basis) for item in expr.items]
    if isinstance(expr, AllOf):
        return all(ok for ok, _l in branches), [leaf for _ok, leaves in branches for leaf in leaves]
    assert isinstance(expr, AnyOf)
    for ok, leaves in branches:
        if ok:
            return True, leaves
    return False, [leaf for _ok, leaves in branches for leaf in leaves]


def _judge(criteria: Criteria, ctx: _Context, claimed: str, base_basis: str) -> tuple[bool, str, list[_Leaf]]:
    kind = ctx.subject.recipient_kind
    leaves: list[_Leaf] = []
    ok = True
    if criteria.requires is not None:
        ok, leaves = evaluate_expr(criteria.requires, ctx, base_basis)
        leaves = list(leaves)
    grounds = [g for g in criteria.grounds if g.applies_to(kind)]
    if not criteria.grounds:
        return ok, claimed, leaves
    if claimed:
        ground = next((g for g in grounds if g.code == claimed), None)
        if ground is None:
            raise ValidationError(
                {
                    "ground": _("Căn cứ “%(ground)s” không có trong bộ quy tắc cho đối tượng này.")
                    % {"ground": claimed}
                }
            )
        ground_ok, ground_leaves = _judge_ground(ground, ctx, base_basis)
        return ok and ground_ok, ground.code, leaves + ground_leaves
    computed = [g for g in grounds if not g.judged]
    if not computed:
        detail = _("Cần chọn căn cứ đề nghị (do cán bộ thẩm định xác nhận).")
        return False, "", [*leaves, _Leaf(CheckResult("ground", False, detail, base_basis))]
    tried: list[_Leaf] = []
    for ground in computed:
        ground_ok, ground_leaves = _judge_ground(ground, ctx, base_basis)
        if ground_ok:
            return ok, ground.code, leaves + ground_leaves
        tried += ground_leaves
    return False, "", leaves + tried


def _judge_ground(ground: Ground, ctx: _Context, base_basis: str) -> tuple[bool, list[_Leaf]]:
    basis = ground.legal_basis or base_basis
    if ground.judged:
        # Grounds (i)–(iii), (v) of Law Art. 74 are judged by people: recorded, not computed.
        detail = _("Căn cứ (%(code)s)%(label)s: cần cán bộ thẩm định xác nhận.") % {
            "code": ground.code,
            "label": f" {ground.label}" if ground.label else "",
        }
        return True, [_Leaf(CheckResult("ground_judged", True, detail, basis))]
    assert ground.expr is not None
    return evaluate_expr(ground.expr, ctx, basis)


# --- entry points ------------------------------------------------------------------------------------


def evaluate(
    *,
    award_type: AwardType,
    subject: Person | Organization,
    period: Period,
    ground: str = "",
    exclude_nomination_id: int | None = None,
) -> EligibilityResult:
    return evaluate_many(
        award_type=award_type,
        period=period,
        subjects=[subject],
        grounds=[ground],
        exclude_nomination_ids=[exclude_nomination_id],
    )[0]


def evaluate_many(
    *,
    award_type: AwardType,
    period: Period,
    subjects: Sequence[Person | Organization],
    grounds: Sequence[str] | None = None,
    exclude_nomination_ids: Sequence[int | None] | None = None,
) -> list[EligibilityResult]:
    """Judge every subject by the rule set in force for the period, in a constant number of queries."""
    if not subjects:
        return []
    grounds = list(grounds) if grounds is not None else [""] * len(subjects)
    excludes = list(exclude_nomination_ids) if exclude_nomination_ids is not None else [None] * len(subjects)
    if len(grounds) != len(subjects) or len(excludes) != len(subjects):
        raise ValueError("grounds and exclude_nomination_ids must match subjects one to one")
    rule_set = rule_set_for(award_type=award_type, period=period)
    criteria = parse_criteria(rule_set.criteria)
    options = rule_set.options or {}
    needs_registration = (
        bool(options.get("requires_registration")) and "registered" not in criteria.check_codes()
    )
    if needs_registration:
        # The province asks for a pledge (an option, off by default: Law Art. 7).
        extra = Check("registered")
        requires = extra if criteria.requires is None else AllOf((criteria.requires, extra))
        criteria = Criteria(requires=requires, grounds=criteria.grounds)
    needs_registration = "registered" in criteria.check_codes()

    keyed = [Subject.of(s) for s in subjects]
    person_orgs = {s.pk: s.organization_id for s in subjects if isinstance(s, Person)}
    facts = _load_facts(
        award_type=award_type,
        criteria=criteria,
        period=period,
        subjects=keyed,
        person_orgs=person_orgs,
        exclude_nomination_ids={pk for pk in excludes if pk is not None},
        needs_registration=needs_registration,
    )
    results = []
    for subject, claimed, exclude in zip(keyed, grounds, excludes, strict=True):
        ctx = _Context(subject, facts, exclude, person_orgs.get(subject.person_id))
        results.append(_result_for(award_type, rule_set, criteria, ctx, (claimed or "").strip()))
    return results


def _result_for(
    award_type: AwardType, rule_set: RuleSet, criteria: Criteria, ctx: _Context, claimed: str
) -> EligibilityResult:
    kind = ctx.subject.recipient_kind
    if not award_type.accepts(kind):
        detail = _("“%(award)s” không dành cho %(kind)s.") % {
            "award": award_type.name,
            "kind": RecipientKind(kind).label.lower(),
        }
        check = CheckResult("recipient_kind", False, detail, rule_set.legal_basis)
        return EligibilityResult(False, claimed, (check,), (), rule_set.pk)
    eligible, ground, leaves = _judge(criteria, ctx, claimed, rule_set.legal_basis)
    checks = tuple(leaf.result for leaf in leaves)
    initiative_ids = tuple(pk for leaf in leaves if leaf.result.passed for pk in leaf.initiative_ids)
    return EligibilityResult(eligible, ground, checks, initiative_ids, rule_set.pk)


def describe(result: EligibilityResult) -> dict[str, Any]:
    """The stored form of a result (what a nomination keeps in its `eligibility` field)."""
    return {
        **result.as_dict(),
        "initiative_ids": list(result.initiative_ids),
        "rule_set_id": result.rule_set_id,
    }
