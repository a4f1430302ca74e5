"""Schemathesis over /api/schema/, in-process against the WSGI application, for every role.

Each operation gets a few examples, positive (valid by the schema) and
negative (invalid by the schema) mixed, half of them aimed at real objects of
the seeded province so the handlers run past the 404. Every response must be
no server error and conform to the schema: a documented status code, the
documented content type, a body matching the documented schema. Hypothesis is
derandomized and its example database is off, so CI replays the same requests.
"""

from __future__ import annotations

import traceback

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from awards.models import AwardType, Person
from nominations.models import Attachment
from tests.security.conftest import ROLES

pytestmark = pytest.mark.django_db

# Examples per operation: the roles that reach the handlers get more, the
# others mostly meet a 401/403/404 early. 6 roles × ~130 operations ≈ 2,800
# requests, about a minute on one core.
EXAMPLES = {"admin": 6, "staff": 6}
DEFAULT_EXAMPLES = 3
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Operations whose schema cannot be trusted yet: only "no server error" is asserted there.
NO_5XX_ONLY: set[str] = set()


@pytest.fixture
def wsgi_app(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    # Django closes the connection around each request; inside the test's
    # transaction that would throw the seeded rows away (Django's test client
    # disconnects these for the same reason).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def server_errors():
    caught: list[str] = []

    def record(sender, request=None, **kwargs):
        caught.append(f"{request.method} {request.get_full_path()[:300]}\n{traceback.format_exc(limit=-4)}")

    signals.got_request_exception.connect(record, weak=False)
    yield caught
    signals.got_request_exception.disconnect(record)


def _real_ids(world) -> dict[str, int]:
    """A path id per resource naming an object the roles may see."""
    n = world.nominations
    return {
        "nominations": n["submitted"].pk,
        "council-sessions": world.session.pk,
        "decisions": world.draft_decision.pk,
        "organizations": world.unit.pk,
        "people": Person.objects.values_list("pk", flat=True).first(),
        "users": world.users["unit_head"].pk,
        "award-types": AwardType.objects.values_list("pk", flat=True).first(),
        "attachment_id": Attachment.objects.filter(nomination=n["submitted"])
        .values_list("pk", flat=True)
        .first(),
    }


def _strategy(operation, ids):
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    names = {p.name for p in operation.path_parameters}
    if "id" in names:
        fixed = {"id": ids.get(operation.path.split("/")[3]) or 1}
        if "attachment_id" in names:
            fixed["attachment_id"] = ids["attachment_id"]
        strategies += [operation.as_strategy(generation_mode=mode, path_parameters=fixed) for mode in modes]
    return st.one_of(strategies)


class Fuzzer:
    def __init__(self, role: str, headers: dict[str, str]):
        self.role = role
        self.headers = headers
        self.sent = 0
        self.failures: dict[str, str] = {}

    def run(self, operation, strategy) -> None:
        label = f"{operation.method.upper()} {operation.path}"
        checks = [not_a_server_error] if label in NO_5XX_ONLY else CHECKS

        @settings(
            max_examples=EXAMPLES.get(self.role, DEFAULT_EXAMPLES),
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def fuzz(case):
            response = case.call(headers=self.headers)
            self.sent += 1
            try:
                case.validate_response(response, checks=checks, headers=self.headers)
            except BaseExceptionGroup as group:
                # Collected rather than raised: no shrinking, and every finding in one report.
                for failure in group.exceptions:
                    title = getattr(failure, "title", type(failure).__name__)
                    key = f"[{self.role}] {label} → {response.status_code}: {title}"
                    self.failures.setdefault(key, str(failure)[:600])

        fuzz()


@pytest.mark.parametrize("role", ROLES)
def test_schema_fuzz_finds_no_server_error_and_no_schema_violation(role, world, wsgi_app, server_errors):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    token = world.token(role)
    fuzzer = Fuzzer(role, {"Authorization": f"Token {token}"} if token else {})
    ids = _real_ids(world)

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        fuzzer.run(operation, _strategy(operation, ids))

    assert len(operations) >= 100
    assert fuzzer.sent >= len(operations) * DEFAULT_EXAMPLES * 0.9
    assert server_errors == []
    assert sorted(fuzzer.failures) == [], "\n\n".join(fuzzer.failures.values())
