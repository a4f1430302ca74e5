"""Schemathesis over /api/schema/, in-process against the WSGI application, for every role.

The same engine as `schemathesis run`, with its four test phases: examples,
coverage (boundary and invalid values derived from each parameter's schema,
duplicate query parameters, unexpected methods), fuzzing (positive and
negative generation) and stateful (chains of calls following the links it
infers: create, then read, update and act on what was created). Every
response must be no server error and conform to the schema: a documented
status code and content type, and a body matching the documented schema.

The province is committed (a transactional test) because the engine calls the
application from its own threads, each with its own database connection.
Examples are bounded and the generation deterministic, so CI replays the same
requests in a few minutes on two cores (see `EXAMPLES` and README, "Tests").
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from awards.enums import Role
from tests.security.conftest import ROLES, build_world

# Bounds, so CI stays short. Fuzzing: examples per operation (positive and negative).
# Stateful: steps per scenario. Coverage (not bounded by examples: every boundary and
# invalid value of every parameter, ~9,400 requests per role) runs in both modes for the
# roles whose requests reach the handlers' validation, positive only for the others,
# whose requests mostly stop at a 401/403 (validation is the same for every role).
EXAMPLES = 5
STATEFUL_STEPS = 40
FULL_COVERAGE = {Role.ADMIN, Role.STAFF}
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
# The schema has no examples, so the examples phase sends nothing; these three must.
PHASES = ["coverage", "fuzzing", "stateful"]


def _config(role: str, headers: dict[str, str]) -> SchemathesisConfig:
    checks = {"enabled": False, **{name: {"enabled": True} for name in CHECKS}}
    coverage_mode = "all" if role in FULL_COVERAGE else "positive"
    return SchemathesisConfig.from_dict(
        {
            "seed": 14,
            "cache": {"enabled": False},
            # The users endpoint is not a sign-up: never try to register an account.
            "auth": {"auto-signup": False},
            "headers": headers,
            "workers": 1,
            "suppress-health-check": ["all"],
            "generation": {"max-examples": EXAMPLES, "deterministic": True, "mode": "all", "no-shrink": True},
            "checks": checks,
            "phases": {
                "examples": {"enabled": True},
                "coverage": {
                    "enabled": True,
                    "generate-duplicate-query-parameters": True,
                    "generation": {"mode": coverage_mode},
                },
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS},
            },
        }
    )


class Findings:
    """What the engine reports: requests per phase, failed checks, and errors of the run itself."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.failures: dict[str, str] = {}
        self.errors: list[str] = []

    def record(self, event) -> None:
        if isinstance(event, events.ScenarioFinished):
            self.requests[str(event.phase)] += len(event.recorder.interactions)
            self._failures(event.recorder)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            self.errors.append(f"{getattr(event, 'label', '')}: {getattr(event, 'value', event)!r}"[:600])

    def _failures(self, recorder) -> None:
        for case_id, checks in recorder.checks.items():
            for check in checks:
                if check.status != Status.FAILURE:
                    continue
                interaction = recorder.interactions.get(case_id)
                response = interaction.response if interaction else None
                request = interaction.request if interaction else None
                where = f"{request.method} {request.uri}" if request else recorder.label
                key = f"{recorder.label} → {getattr(response, 'status_code', '?')}: {check.name}"
                self.failures.setdefault(key, f"{where}\n{check.failure_info}"[:800])


def _on_one_database(role: str):
    """CI fuzzes as every role on SQLite; on PostgreSQL only as the roles whose requests
    reach the handlers' validation and writes, where the databases differ (lengths,
    integer ranges, NUL, locking). The others mostly stop at a 401/403 decided before
    any query of theirs, the same on both (docs/testing.md, "CI")."""
    return pytest.param(role, marks=() if role in FULL_COVERAGE else pytest.mark.sqlite_ci)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", [_on_one_database(role) for role in ROLES])
def test_schema_fuzz_finds_no_server_error_and_no_schema_violation(role, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    world = build_world()
    token = world.token(role)
    app = get_wsgi_application()
    config = _config(role, {"Authorization": f"Token {token}"} if token else {})
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app, config=config)

    findings = Findings()
    started = time.process_time()
    for event in from_schema(schema).execute():
        findings.record(event)
    # Shown with -s: the figures the README quotes.
    print(f"\n{role}: {dict(findings.requests)} requests, {time.process_time() - started:.0f} s CPU")

    assert sorted(findings.failures) == [], "\n\n".join(f"{k}\n{v}" for k, v in findings.failures.items())
    assert findings.errors == []
    assert len(list(schema.get_all_operations())) >= 100
    for phase in PHASES:
        assert findings.requests[phase] > 0, (phase, dict(findings.requests))
