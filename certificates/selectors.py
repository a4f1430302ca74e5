"""Who sees which certificates and print jobs (the permission decides the queryset)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from awards import roles
from awards.enums import Role
from certificates.enums import CertificateStatus
from certificates.models import Certificate, PrintJob
from nominations.selectors import nominations_visible_to


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    """Staff, the chairman and admins: all. Unit heads: the certificates of the
    nominations they may see (one rule: `nominations_visible_to`). Anyone else: none."""
    if roles.has_role(user, Role.STAFF, Role.CHAIRMAN):
        return Certificate.objects.all()
    if roles.is_unit_head(user):
        return Certificate.objects.filter(nomination__in=nominations_visible_to(user).values("pk"))
    return Certificate.objects.none()


def print_jobs_visible_to(user: Any) -> QuerySet[PrintJob]:
    """Staff (and admins) see every job; anyone else only the jobs they requested."""
    if roles.is_staff(user):
        return PrintJob.objects.all()
    if getattr(user, "is_authenticated", False):
        return PrintJob.objects.filter(requested_by=user)
    return PrintJob.objects.none()


_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16,43}$")


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a verification code names, or None (malformed codes never reach SQL)."""
    if not isinstance(code, str) or not _CODE_RE.match(code):
        return None
    return (
        Certificate.objects.select_related(
            "decision__award_type",
            "award_record",
            "nomination__nominee_person__organization",
            "nomination__nominee_organization__parent",
        )
        .filter(code=code)
        .first()
    )


def verification_data(certificate: Certificate) -> dict[str, Any]:
    """The public facts (docs/architecture.md, "Certificates"): recipient, unit, award, decision
    number and date, valid or revoked with its date. No birth year, no ids, no reason."""
    nomination = certificate.nomination
    person = nomination.nominee_person
    if person is not None:
        organization_name = person.organization.name
    else:
        parent = nomination.nominee_organization.parent
        organization_name = parent.name if parent is not None else ""
    status = certificate.status
    return {
        "recipient_name": nomination.nominee_name,
        "organization_name": organization_name,
        "award_type_name": certificate.decision.award_type.name,
        "decision_number": certificate.decision.number,
        "signed_on": certificate.decision.signed_on,
        "status": status,
        "status_display": str(CertificateStatus(status).label),
        "revoked_on": certificate.revoked_on,
    }
