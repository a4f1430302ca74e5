"""E-mail about a nomination's moves, in Vietnamese, sent after the commit.

Callers run inside the transition's transaction; `transaction.on_commit` makes
sure nobody is told about a move that was rolled back, and `robust=True` keeps
a mail server failure from turning a committed move into a server error.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string

from awards.text import official_language
from nominations import selectors
from nominations.models import Nomination

logger = logging.getLogger(__name__)


def _context(nomination: Nomination, **extra: Any) -> dict[str, Any]:
    return {
        "reference": nomination.reference,
        "nominee_name": nomination.nominee_name,
        "award_type_name": nomination.award_type.name,
        "period_name": nomination.period.name,
        "proposing_organization_name": nomination.proposing_organization.name,
        "base_url": settings.PUBLIC_BASE_URL,
        "nomination_id": nomination.pk,
        **extra,
    }


def _send(template: str, context: dict[str, Any], emails: list[str]) -> None:
    if not emails:
        return
    # Always Vietnamese, whatever language the acting user's request used.
    with official_language():
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails]
    send_mass_mail(messages, fail_silently=False)


def _after_commit(template: str, context: dict[str, Any], recipients) -> None:
    def send() -> None:
        emails = sorted({u.email for u in recipients()})
        _send(template, context, emails)
        logger.info("nomination mail %s sent to %d recipients", template, len(emails))

    transaction.on_commit(send, robust=True)


def notify_submitted(nomination: Nomination) -> None:
    """To the secretariat's staff: a dossier waits for appraisal."""
    _after_commit("nomination_submitted", _context(nomination), selectors.staff_recipients)


def notify_returned(nomination: Nomination, *, reason: str) -> None:
    """To the proposing unit's heads, with the reason."""
    org_id = nomination.proposing_organization_id
    _after_commit(
        "nomination_returned",
        _context(nomination, reason=reason),
        lambda: selectors.unit_head_recipients(org_id),
    )


def notify_verified(nomination: Nomination, *, note: str = "") -> None:
    """To the proposing unit's heads: appraisal passed."""
    org_id = nomination.proposing_organization_id
    _after_commit(
        "nomination_verified",
        _context(nomination, note=note),
        lambda: selectors.unit_head_recipients(org_id),
    )


def notify_decision_returned(decision: Any, *, comment: str) -> None:
    """To the secretariat's staff: the chairman sent a draft decision back, with a comment."""
    context = {
        "number": decision.number,
        "comment": comment,
        "base_url": settings.PUBLIC_BASE_URL,
        "decision_id": decision.pk,
    }
    _after_commit("decision_returned", context, selectors.staff_recipients)
