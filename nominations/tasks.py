"""E-mail of notifications (django-tasks): queued after the commit, sent by a worker.

Each notice is claimed with a conditional UPDATE before its mail goes, so a
task run twice (a retry, a duplicate) sends nothing twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from awards import clock
from awards.text import official_language
from nominations.enums import NotificationKind
from nominations.models import EmailOptOut, Notification

logger = logging.getLogger(__name__)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Mail each notice to its recipient unless they turned its kind off; returns the count sent."""
    notices = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    )
    muted = set(
        EmailOptOut.objects.filter(user_id__in=[n.recipient_id for n in notices]).values_list(
            "user_id", "kind"
        )
    )
    sent = 0
    for notice in notices:
        user = notice.recipient
        if not user.email or (user.pk, notice.kind) in muted:
            continue
        if not Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
            emailed_at=clock.now()
        ):
            continue  # another run took it
        subject, body = _render(notice)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
        sent += 1
    logger.info("notification mail: %d of %d sent", sent, len(notification_ids))
    return sent


def _render(notice: Notification) -> tuple[str, str]:
    # Always Vietnamese, whatever language the acting user's request used.
    with official_language():
        context = {
            "name": notice.recipient.full_name or notice.recipient.username,
            "text": notice.text,
            "url": notice.url,
            "kind_label": NotificationKind(notice.kind).label,
            "settings_url": settings.PUBLIC_BASE_URL + "/profile/",
        }
        subject = " ".join(render_to_string("emails/notification_subject.txt", context).split())
        body = render_to_string("emails/notification.txt", context)
    return subject, body
