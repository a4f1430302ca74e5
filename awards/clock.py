"""The service's notion of "now", which the demo can set to the founding year.

Services and model defaults ask this module instead of `timezone.now()`, so
`frozen_at(...)` makes a whole walk of the workflow carry the dates it
happened on (the demo's 2023 dossiers show December 2023, not today).
A context variable: each thread and request sees only its own override.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_frozen: ContextVar[datetime.datetime | None] = ContextVar("frozen_now", default=None)


def now() -> datetime.datetime:
    return _frozen.get() or timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())


@contextmanager
def frozen_at(moment: datetime.datetime) -> Iterator[None]:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
