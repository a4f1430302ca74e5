"""Nothing dead: every function, class and import of the apps is used somewhere.

Run by `make lint`, with vulture. Only functions, classes and imports are checked:
vulture cannot see that Django reads a model's `Meta`, an admin's `list_display` or a
view's `serializer_class`, so attributes and variables would be all noise. What
Django finds by name (template tags, receivers, admin and API registrations) is
recognised by its decorator; what settings name as a dotted path is listed below.

    .venv/bin/python scripts/check_dead_code.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from vulture import Vulture

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("awards", "nominations", "certificates", "demo", "operations", "config", "benchmarks", "scripts")
KINDS = {"function", "class", "import"}
# Found by Django through their decorator.
REGISTERED_BY = [
    "@register.*",
    "@receiver",
    "@admin.*",
    "@action",
    "@extend_schema*",
    "@task",
    "@property",
    "@cached_property",
]
# Named by a dotted path in config/settings.py (middleware, backends, context processors,
# handlers) and each app's AppConfig.
NAMED_IN_SETTINGS = {
    "AwardsConfig",
    "CertificatesConfig",
    "DemoConfig",
    "NominationsConfig",
    "OperationsConfig",
    "Pagination",
    "document_common_errors",
    "username_of",
    "LockoutBackend",
    "LockoutHandler",
    "ForbiddenCharactersMiddleware",
    "LanguageMiddleware",
    "PermissionsPolicyMiddleware",
    "NormalizingJSONParser",
    "not_found",
    "server_error",
    "csrf_failure",
    "RequestIdFilter",
    "JsonLineFormatter",
    "RequestContextMiddleware",
    "roles",
    "layout_links",
}


def unused() -> list[str]:
    vulture = Vulture(ignore_decorators=REGISTERED_BY, ignore_names=sorted(NAMED_IN_SETTINGS))
    vulture.scavenge([str(ROOT / package) for package in PACKAGES], exclude=["*/migrations/*"])
    return [
        f"{item.filename.relative_to(ROOT)}:{item.first_lineno}: unused {item.typ} '{item.name}'"
        for item in vulture.get_unused_code(min_confidence=60)
        if item.typ in KINDS
    ]


if __name__ == "__main__":
    found = unused()
    print("\n".join(found) or "No dead functions, classes or imports.")
    sys.exit(1 if found else 0)
