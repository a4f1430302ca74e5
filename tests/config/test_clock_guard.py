""" "Now" and "today" come only from awards/clock.py.

The demo freezes the clock to replay the founding year, and tests freeze it to
pin dates; a stray `date.today()` would escape both. This scans the source
(not tests, not migrations) with `ast` for every way of asking the system clock.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("awards", "nominations", "certificates", "config", "operations", "demo", "benchmarks")
ALLOWED = {Path("awards/clock.py")}

# Attribute chains that read the system clock, as written in the source.
FORBIDDEN = {
    "date.today",
    "datetime.today",
    "datetime.now",
    "datetime.utcnow",
    "datetime.date.today",
    "datetime.datetime.today",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "timezone.now",
    "timezone.localdate",
    "timezone.localtime",
    "time.time",
    "time.localtime",
}
CONVERTERS = {"timezone.localtime", "timezone.localdate"}
# Names imported bare (`from django.utils.timezone import now`) that read the clock.
FORBIDDEN_IMPORTS = {
    ("django.utils.timezone", "now"),
    ("django.utils.timezone", "localdate"),
    ("django.utils.timezone", "localtime"),
    ("time", "time"),
}


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _stamps_with_django_clock(call: ast.Call) -> bool:
    # Django's auto_now / auto_now_add call timezone.now(); ClockDateTimeField asks the clock.
    stamps = any(k.arg in ("auto_now", "auto_now_add") for k in call.keywords)
    return stamps and not (_dotted(call.func) or "").endswith("ClockDateTimeField")


def clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, expression) of each place `source` reads the system clock."""
    found = []
    tree = ast.parse(source)
    # localtime(moment) / localdate(moment) convert a given moment: only the bare call reads the clock.
    converting = {
        id(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and (node.args or node.keywords) and _dotted(node.func) in CONVERTERS
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _dotted(node) in FORBIDDEN and id(node) not in converting:
            found.append((node.lineno, _dotted(node)))
        elif isinstance(node, ast.Call) and _stamps_with_django_clock(node):
            found.append((node.lineno, f"{_dotted(node.func)}(auto_now…)"))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (node.module, alias.name) in FORBIDDEN_IMPORTS:
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
    return sorted(found)


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or relative in ALLOWED:
                continue
            yield relative, path.read_text(encoding="utf-8")


def test_no_module_reads_the_system_clock_outside_awards_clock():
    offenders = [
        f"{relative}:{line}: {expr}" for relative, source in _sources() for line, expr in clock_reads(source)
    ]

    assert offenders == [], "use awards.clock.now()/today() instead:\n" + "\n".join(offenders)


def test_the_guard_sees_every_form_of_asking_the_clock():
    source = """
import datetime
from datetime import date
from django.utils import timezone
from django.utils.timezone import now
a = date.today()
b = datetime.date.today()
c = timezone.localdate()
d = timezone.now
e = datetime.datetime.now(tz=None)
f = models.DateTimeField(auto_now_add=True)
g = ClockDateTimeField(auto_now=True)
"""
    assert [expr for _line, expr in clock_reads(source)] == [
        "from django.utils.timezone import now",
        "date.today",
        "datetime.date.today",
        "timezone.localdate",
        "timezone.now",
        "datetime.datetime.now",
        "models.DateTimeField(auto_now…)",
    ]


def test_the_guard_leaves_the_clock_and_harmless_names_alone():
    source = """
from awards import clock
today = clock.today()
now = clock.now()
timezone.make_aware(now)
timezone.localdate(now)
"""
    # timezone.localdate(value) converts a given moment: only the bare call reads the clock.
    assert clock_reads(source) == []


def test_converting_a_given_moment_is_not_reading_the_clock():
    source = "from django.utils import timezone\na = timezone.localtime(moment)\nb = timezone.localtime()\n"

    assert clock_reads(source) == [(3, "timezone.localtime")]
