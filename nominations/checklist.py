"""What the pages show of a dossier's checks: one state per criterion, documents present.

The engine marks a criterion met, not met, waiting for staff (`pending`) or not
yet known (`unknown`, with what is missing and who provides it). Once staff
verified the dossier, what waited for them counts as confirmed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from awards.enums import DocumentKind
from nominations.enums import NominationStatus as S

# States after staff's appraisal: what waited for their confirmation was confirmed.
_APPRAISED = frozenset({S.VERIFIED, S.APPROVED, S.NOT_APPROVED, S.AWARDED, S.REVOKED})
MET, NOT_MET, PENDING, UNKNOWN = "met", "not_met", "pending", "unknown"


def checklist(eligibility: dict | None, *, status: str) -> dict | None:
    """The engine's stored or fresh result, each check with a `state`, plus counts."""
    if not eligibility:
        return None
    checks = []
    for raw in eligibility.get("checks", []):
        check = dict(raw)
        state = check.get("state") or (MET if check.get("passed") else NOT_MET)
        if state == PENDING and status in _APPRAISED:
            state, check["missing"] = MET, ""
            check["confirmed"] = True
        check["state"] = state
        checks.append(check)
    counts = {
        state: sum(1 for c in checks if c["state"] == state) for state in (MET, NOT_MET, PENDING, UNKNOWN)
    }
    return {**eligibility, "checks": checks, "counts": counts}


def required_documents(required: list[str], present: set[str]) -> list[dict[str, Any]]:
    labels = dict(DocumentKind.choices)
    return [{"kind": kind, "label": labels.get(kind, kind), "present": kind in present} for kind in required]


def submit_blocker(documents: list[dict[str, Any]]) -> str:
    """Why "Nộp hồ sơ" is disabled, or "" when it may be pressed."""
    missing = [str(doc["label"]) for doc in documents if not doc["present"]]
    if not missing:
        return ""
    return _("Chưa nộp được: còn thiếu %(docs)s. Hãy tải lên tài liệu này ở mục “Tài liệu hồ sơ”.") % {
        "docs": ", ".join(missing)
    }
