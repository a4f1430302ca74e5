"""Units sized to be read: no function over 60 lines or cyclomatic complexity over 15.

Run by `make lint`. Length is measured with `ast` (the `def` line to the last
line, decorators excluded); complexity is ruff's mccabe check (C901). Functions
that were already too big when the check was added are listed in
`scripts/units-allowlist.txt`; the check fails on any other offender, so the
list can only shrink. Migrations and tests are not checked.

    .venv/bin/python scripts/check_units.py            # check
    .venv/bin/python scripts/check_units.py --list     # print today's offenders
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("awards", "nominations", "certificates", "demo", "operations", "config", "benchmarks", "scripts")
ALLOWLIST = ROOT / "scripts" / "units-allowlist.txt"
MAX_LINES = 60
MAX_COMPLEXITY = 15
_TOO_COMPLEX = re.compile(r"`(?P<name>[^`]+)` is too complex \((?P<n>\d+) > \d+\)")


def _sources() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    ]


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function, methods and nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            yield name, node
            yield from _functions(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def long_functions() -> dict[str, str]:
    found = {}
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        for name, node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_LINES:
                found[f"{relative}::{name}::length"] = f"{lines} lines"
    return found


def complex_functions() -> dict[str, str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "C901",
            "--config",
            f"lint.mccabe.max-complexity={MAX_COMPLEXITY}",
            "--output-format",
            "json",
            "--exit-zero",
            *PACKAGES,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = {}
    for item in json.loads(result.stdout or "[]"):
        match = _TOO_COMPLEX.search(item["message"])
        if match:
            relative = Path(item["filename"]).resolve().relative_to(ROOT).as_posix()
            found[f"{relative}::{match['name']}::complexity"] = f"complexity {match['n']}"
    return found


def read_allowlist() -> set[str]:
    if not ALLOWLIST.exists():
        return set()
    entries = set()
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.add(entry)
    return entries


def main(argv: list[str]) -> int:
    offenders = {**long_functions(), **complex_functions()}
    if "--list" in argv:
        for key in sorted(offenders):
            print(f"{key}  # {offenders[key]}")
        return 0
    allowed = read_allowlist()
    new = sorted(set(offenders) - allowed)
    for key in sorted(allowed - set(offenders)):
        print(f"note: {key} is within the limits now; remove it from {ALLOWLIST.name}")
    for key in new:
        print(f"{key}: {offenders[key]} (limits: {MAX_LINES} lines, complexity {MAX_COMPLEXITY}); split it")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
