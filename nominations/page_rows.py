"""Long lists on the council and decision pages: built once, a page at a time.

A session's agenda or a decision's annex can hold thousands of rows; the page
shows `PER_PAGE` of them (`CARDS_PER_PAGE` when each row is a whole card) with the count and a link to see all, and builds the
per-row links from one `reverse()` each.

What these helpers return is HTML-safe by construction (digits, separators, a link
escaped once with ids put in): a row template prints it without escaping it again,
which was about half the cost of each such `{{ value }}`.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

PER_PAGE = 50
CARDS_PER_PAGE = 25
ALL = "all"
# Numbers no object has: reversed once, then replaced by each row's ids.
_MARKS = ("987654321011", "987654321022")


def local_minute(moment: datetime.datetime | None) -> str:
    """`{{ moment|date:"d/m/Y H:i" }}` (local time), formatted once per row here: the
    filter's formatter costs more than the rest of a list row."""
    return "" if moment is None else SafeString(timezone.localtime(moment).strftime("%d/%m/%Y %H:%M"))


def number(value: int) -> SafeString:
    """An integer as text a template prints as is (no localisation, nothing to escape)."""
    return SafeString(int(value))


def labels(choices) -> dict[str, SafeString]:
    """value → label of a choices enum, translated and escaped once for the page."""
    return {value: escape(str(label)) for value, label in choices}


class Escaped(dict):
    """`names[text]`: text many rows repeat (an award type's or a unit's name), escaped
    once for the page instead of by the template on every row."""

    def __missing__(self, text: str) -> SafeString:
        value = self[text] = escape(text)
        return value


def url_for_pk(name: str):
    """`(pk, ...) → reverse(name, args=[pk, ...])` with one resolver walk for the whole page."""
    return url_for_pks(name, 1)


def url_for_pks(name: str, count: int):
    template = escape(reverse(name, args=[int(mark) for mark in _MARKS[:count]]))
    for index, mark in enumerate(_MARKS[:count]):
        template = template.replace(mark, "{" + str(index) + "}")
    return lambda *pks: SafeString(template.format(*map(int, pks)))


@dataclass
class RowPage:
    rows: list[Any]
    number: int
    pages: int
    count: int
    start: int
    show_all: bool
    links: dict[str, str] = field(default_factory=dict)

    @property
    def paginated(self) -> bool:
        return self.pages > 1 or self.show_all


def _link(request, param: str, value: Any) -> str:
    query = request.GET.copy()
    query[param] = str(value)
    return "?" + query.urlencode()


def _number(raw: str | None, pages: int) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    return min(max(number, 1), pages)


def page_of(request, queryset, *, param: str, count: int | None = None, per_page: int = PER_PAGE) -> RowPage:
    """One page of `queryset` chosen by `?<param>=N` (or every row with `?<param>=all`)."""
    count = queryset.count() if count is None else count
    pages = max(1, math.ceil(count / per_page))
    show_all = request.GET.get(param) == ALL
    number = 1 if show_all else _number(request.GET.get(param), pages)
    start = 0 if show_all else (number - 1) * per_page
    rows = list(queryset) if show_all else list(queryset[start : start + per_page])
    links = {"all": _link(request, param, ALL), "first": _link(request, param, 1)}
    if not show_all and number > 1:
        links["previous"] = _link(request, param, number - 1)
    if not show_all and number < pages:
        links["next"] = _link(request, param, number + 1)
    return RowPage(rows, number, pages, count, start, show_all, links)
