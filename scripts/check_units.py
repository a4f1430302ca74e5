"""Units sized to be read: no function over 60 lines or cyclomatic complexity over 15.

Run by `make lint`. Length is measured with `ast` (the `def` line to the last
line, decorators excluded); complexity is ruff's mccabe check (C901).
Migrations and tests are not checked.

    .venv/bin/python scripts/check_units.py
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


def main(argv: list[str]) -> int:
    offenders = {**long_functions(), **complex_functions()}
    for key in sorted(offenders):
        print(f"{key}: {offenders[key]} (limits: {MAX_LINES} lines, complexity {MAX_COMPLEXITY}); split it")
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
