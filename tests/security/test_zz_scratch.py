import os
import time

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import from_schema

from tests.security.conftest import build_world
from tests.security.test_fuzz_schema import CHECKS, Findings


@pytest.mark.django_db(transaction=True)
def test_scratch(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    world = build_world()
    role = os.environ["ROLE"]
    token = world.token(role)
    checks = {"enabled": False, **{n: {"enabled": True} for n in CHECKS}}
    cfg = {
        "seed": 14,
        "cache": {"enabled": False},
        "workers": 1,
        "suppress-health-check": ["all"],
        "headers": {"Authorization": f"Token {token}"} if token else {},
        "generation": {
            "max-examples": 5,
            "deterministic": True,
            "mode": os.environ.get("MODE", "all"),
            "no-shrink": True,
        },
        "checks": checks,
        "phases": {
            "examples": {"enabled": False},
            "coverage": {
                "enabled": True,
                "generate-duplicate-query-parameters": True,
                "unexpected-methods": [],
            },
            "fuzzing": {"enabled": False},
            "stateful": {"enabled": False},
        },
    }
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/", get_wsgi_application(), config=SchemathesisConfig.from_dict(cfg)
    )
    f = Findings()
    t = time.perf_counter()
    for e in from_schema(schema).execute():
        f.record(e)
    print(
        "\nRESULT",
        role,
        os.environ.get("MODE"),
        dict(f.requests),
        f"{time.perf_counter() - t:.1f}s",
        time.process_time(),
    )
    print("\n".join(sorted(f.failures))[:5000])
    print(f.errors[:5])
