"""The register of certificate numbers (sổ vàng): one running sequence per issuing
authority and year, shared by every decision and award type of that authority."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from certificates.models import Register


def normalized_authority(authority: str) -> str:
    # One register whatever the spacing of the decision's authority line.
    return " ".join(authority.split())


def reserve_numbers(*, authority: str, year: int, count: int) -> tuple[Register, int]:
    """Reserve `count` consecutive numbers; returns the register and the first number.

    Must run inside the caller's transaction. The register row is created if
    missing (``ignore_conflicts``: two first issues of a year race on the unique
    index, not on a Python check) and then locked, so concurrent issues of
    different decisions queue on it and never share a number (PostgreSQL: row
    lock; SQLite: the IMMEDIATE transaction already serialises writers).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserve_numbers must run inside the issuing transaction")
    name = normalized_authority(authority)
    Register.objects.bulk_create([Register(authority=name, year=year)], ignore_conflicts=True)
    register = Register.objects.select_for_update().get(authority=name, year=year)
    first = register.last_number + 1
    Register.objects.filter(pk=register.pk).update(last_number=F("last_number") + count)
    register.last_number += count
    return register, first
