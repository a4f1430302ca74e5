"""Writing the audit log: one function, called by the receivers and the middleware."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, models, transaction

from operations.context import client_ip, current_request, current_request_id
from operations.models import AuditEvent

logger = logging.getLogger("operations.audit")


def _actor(request, user) -> tuple[str, int | None]:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "", None
    return user.get_username(), user.pk


def record(
    action: str,
    *,
    request=None,
    user=None,
    username: str | None = None,
    obj: models.Model | None = None,
    target: tuple[str, str, str] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """Append one event. A database that refuses the write must not fail the request."""
    request = request if request is not None else current_request.get()
    actor, actor_id = _actor(request, user)
    event = AuditEvent(
        action=action,
        username=(username if username is not None else actor)[:150],
        user_id_at_time=actor_id,
        ip=client_ip(request),
        method=getattr(request, "method", "") or "",
        path=(getattr(request, "path", "") or "")[:500],
        request_id=current_request_id.get() if request is not None else "",
        detail=detail or {},
    )
    if obj is not None:
        target = (obj._meta.label_lower, str(obj.pk), str(obj))
    if target is not None:
        event.object_type, event.object_id, event.object_repr = (
            target[0][:100],
            target[1][:64],
            target[2][:200],
        )
    try:
        # A savepoint: a failed write inside the caller's transaction leaves it usable.
        with transaction.atomic():
            event.save()
    except DatabaseError:
        logger.exception("audit event %s could not be written", action)
        return None
    logger.info(
        "audit %s",
        action,
        extra={"audit_action": action, "audit_user": event.username, "audit_path": event.path},
    )
    return event
