"""Pickers that scale: a choice among thousands (a person, a unit, a dossier, a decision)
searched as one types, on the server, instead of a list of every option.

A picker field keeps its whole queryset for validation, but its widget renders only
the chosen options, the first few candidates and the matches of a search the user
sent (`<field>_q`, with the "Tìm" button when scripts are off). With scripts on,
`static/js/picker.js` turns the search box into a combobox fed by the JSON endpoint
named by the field (`picker_json`): same queryset, same search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIteratorValue
from django.forms.utils import ErrorDict
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.models import Organization
from awards.search_index import people_matching
from awards.selectors import nominees_visible_to
from awards.text import search_key, vietnamese_text_key

# How many options a page or an answer carries at most: a list one reads, not the register.
SHOWN = 20
# Longer queries are cut (a name or a reference is far shorter), never refused.
MAX_QUERY = 100
SEARCH_BUTTON = "picker_search"
UNIT_PROMPT = _("Gõ tên hoặc mã đơn vị để tìm")

Search = Callable[[QuerySet, str], QuerySet]


def query_text(raw: str | None) -> str:
    return (raw or "").strip()[:MAX_QUERY]


def search_people(queryset: QuerySet, text: str) -> QuerySet:
    """Accent-insensitive name search through the people index, or an exact code."""
    key = search_key(text)
    if not key:
        return queryset
    by_name = people_matching(queryset, key)
    if not any(ch.isdigit() for ch in text):
        return by_name  # a name: the index alone answers
    return queryset.filter(Q(pk__in=by_name.values("pk")) | Q(code__iexact=text.strip()))


def search_units(queryset: QuerySet, text: str) -> QuerySet:
    """The unit's name, short name or code (their key), accent-insensitive."""
    key = search_key(text)
    return queryset.filter(search_key__contains=key) if key else queryset


def person_label(person) -> str:
    unit = person.organization.short_name or person.organization.name
    position = f", {person.position}" if person.position else ""
    return f"{person.full_name}{position} — {unit}"


def unit_label(organization) -> str:
    return organization.name


class Unit(NamedTuple):
    pk: int
    name: str
    path: str


class UnitChoice(NamedTuple):
    """A unit filter's state: the unit asked for, what the list offers, the search sent."""

    chosen: Unit | None
    offered: list[Unit]
    query: str
    more: bool


def unit_choice(units: QuerySet[Organization], raw_id: str | None, raw_query: str | None) -> UnitChoice:
    """The unit asked for (one of `units`, else none) and what a unit filter offers: the
    first `SHOWN` units in the queryset's order, or the matches of the no-script search,
    listed by Vietnamese name with the chosen one first when it is not among them."""
    raw = raw_id or ""
    chosen = None
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        row = units.filter(pk=int(raw)).values_list("pk", "name", "path").first()
        chosen = Unit(*row) if row else None
    query = query_text(raw_query)
    found = search_units(units, query) if query else units
    rows = [Unit(*row) for row in found.values_list("pk", "name", "path")[: SHOWN + 1]]
    offered = sorted(rows[:SHOWN], key=lambda unit: _name_key(unit.name))
    if chosen is not None and chosen not in offered:
        offered.insert(0, chosen)
    return UnitChoice(chosen, offered, query, len(rows) > SHOWN)


def unit_filter(
    field, units: QuerySet[Organization], *, chosen, query, url_name: str, empty_label=None
) -> None:
    """Make a plain choice field (a page's unit filter) a unit picker over `units`."""
    offer = unit_choice(units.order_by("search_key", "id"), chosen, query)
    head = [] if empty_label is None else [("", empty_label)]
    field.choices = [*head, *((unit.pk, unit.name) for unit in offer.offered)]
    field.picker = Picker(url_name, search_units, prompt=UNIT_PROMPT, more=offer.more, query=offer.query)


def units_json(request, units: QuerySet[Organization]) -> JsonResponse:
    """A unit filter's endpoint: the same units, in the same order, as its page offers."""
    return picker_json(request, units.order_by("search_key", "id"), search_units, unit_label)


@lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    # Unit names change rarely and every list page sorts the same few.
    return vietnamese_text_key(name)


def nominee_choices(user) -> tuple[QuerySet, QuerySet]:
    """Whom `user` may name in the nomination form: the active people and units of its
    own unit's subtree, within what the register shows it (`nominees_visible_to`)."""
    people, units = nominees_visible_to(user)
    organization = getattr(user, "organization", None)
    if organization is None:
        return people.none(), units.none()
    subtree = Organization.objects.subtree_of(organization).filter(is_active=True)
    people = people.filter(organization__in=subtree, is_active=True).select_related("organization")
    return people, units.filter(pk__in=subtree.values("pk"))


@dataclass
class Picker:
    """What a form field needs to be a picker: where to search and how."""

    url_name: str
    search: Search
    prompt: str = field(default=_("Gõ để tìm"))
    # Form fields whose current values narrow the search (sent along by the script).
    depends_on: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    more: bool = False
    query: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _ids(values: Iterable) -> list[int]:
    out = []
    for value in values:
        text = str(value.pk if hasattr(value, "pk") else value)
        if text.isascii() and text.isdigit() and len(text) <= 18:
            out.append(int(text))
    return out


class PickerFormMixin:
    """Gives every field with a `picker` only the options worth rendering.

    Call `limit_pickers()` at the end of `__init__` once the querysets are final.
    With `picker_search` posted (the no-script "Tìm" button) the form is not
    submitted: it comes back with the matches and a note, nothing saved.
    """

    def _chosen(self, name: str) -> list[int]:
        bound = self[name]
        if self.is_bound:
            data = self.data
            values = data.getlist(bound.html_name) if hasattr(data, "getlist") else data.get(name) or []
        else:
            values = self.initial.get(name) or []
        if not isinstance(values, (list, tuple, set, QuerySet)):
            values = [values]
        return _ids(values)

    def picker_candidates(self, name: str, queryset: QuerySet) -> QuerySet:
        """Hook: narrow a picker's offer by the form's other values (period, body)."""
        return queryset

    def limit_pickers(self) -> None:
        for name, form_field in self.fields.items():
            picker = getattr(form_field, "picker", None)
            if picker is None:
                continue
            queryset = form_field.queryset
            query = query_text(self.data.get(f"{name}_q")) if self.is_bound else ""
            chosen = list(queryset.filter(pk__in=self._chosen(name)))
            offer = self.picker_candidates(name, queryset)
            found = picker.search(offer, query) if query else offer
            page = list(found[: SHOWN + 1])
            picker.query, picker.more = query, len(page) > SHOWN
            rows = {obj.pk: obj for obj in chosen}
            for obj in page[:SHOWN]:
                rows.setdefault(obj.pk, obj)
            # The values keep their object, as Django's own iterator gives them (option attributes).
            choices = [
                (
                    ModelChoiceIteratorValue(form_field.prepare_value(obj), obj),
                    form_field.label_from_instance(obj),
                )
                for obj in rows.values()
            ]
            empty = getattr(form_field, "empty_label", None)
            if empty is not None and not getattr(form_field.widget, "allow_multiple_selected", False):
                choices.insert(0, ("", empty))
            form_field.widget.choices = choices

    @property
    def is_picker_search(self) -> bool:
        return self.is_bound and bool(self.data.get(SEARCH_BUTTON))

    def full_clean(self):
        super().full_clean()
        if self.is_picker_search:
            # Searching is not saving: only the note, no error beside the fields.
            self._errors = ErrorDict()
            self.add_error(None, _("Đã tìm: chọn trong danh sách kết quả rồi bấm lưu."))


def picker_json(
    request, queryset: QuerySet, search: Search, label: Callable[[object], str], limit: int = SHOWN
) -> JsonResponse:
    """The endpoint's answer: at most `limit` matches, and whether there are more."""
    query = query_text(request.GET.get("q"))
    found = search(queryset, query) if query else queryset
    rows = list(found[: limit + 1])
    response = JsonResponse(
        {
            "results": [{"value": str(obj.pk), "label": label(obj)} for obj in rows[:limit]],
            "more": len(rows) > limit,
        }
    )
    # The same query in the same minute needs no second trip (the answer is this user's).
    response["Cache-Control"] = "private, max-age=30"
    response["Vary"] = "Cookie, Accept-Language"
    return response
