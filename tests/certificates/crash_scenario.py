"""Set-up for the kill -9 tests, run in a separate process against a scratch
database (`manage.py shell -c`), not a test module."""

from __future__ import annotations

import json

from rest_framework.authtoken.models import Token

from tests.factories.certificates import issued_decision, staff_user


def issue(people: int) -> None:
    """Issue a decision of `people` certificates; print its id and a staff token."""
    decision = issued_decision(names=[f"Nguyễn Văn Người {i:04d}" for i in range(1, people + 1)])
    token = Token.objects.create(user=staff_user())
    print(json.dumps({"decision": decision.pk, "token": token.key}))
