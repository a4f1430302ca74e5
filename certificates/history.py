"""The certificates' part of a register history: which award lines have a certificate."""

from __future__ import annotations

from typing import Any

from certificates.selectors import certificates_visible_to


def add_certificates(*, history: dict[str, Any], user: Any) -> None:
    """One query: the visible certificates of the history's nominations."""
    nomination_ids = [n["id"] for n in history["nominations"]]
    if not nomination_ids:
        return
    rows = certificates_visible_to(user).filter(nomination_id__in=nomination_ids)
    found = {
        nomination_id: {"id": pk, "register_number": number, "code": code}
        for pk, nomination_id, number, code in rows.values_list(
            "pk", "nomination_id", "register_number", "code"
        )
    }
    for nomination in history["nominations"]:
        nomination["certificate"] = found.get(nomination["id"])
    for record in history["awards"]:
        record["certificate"] = found.get(record["nomination_id"])
