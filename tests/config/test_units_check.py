"""`make lint`'s size check (scripts/check_units.py) finds long and complex functions."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check_units.py"
_spec = importlib.util.spec_from_file_location("check_units", SCRIPT)
check_units = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_units)


def test_functions_are_named_with_their_class_and_enclosing_function():
    tree = ast.parse(
        "def a():\n    def inner():\n        pass\nclass K:\n    def m(self):\n        pass\n"
        "if True:\n    def guarded():\n        pass\n"
    )

    assert [name for name, _node in check_units._functions(tree)] == ["a", "a.inner", "K.m", "guarded"]


def test_the_tree_has_no_offender():
    assert {**check_units.long_functions(), **check_units.complex_functions()} == {}


def test_a_long_or_complex_function_fails_the_check(tmp_path, monkeypatch, capsys):
    package = tmp_path / "pkg"
    package.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(16))
    (package / "m.py").write_text(f"def long():\n{body}\n\n\ndef tangled(x):\n{branches}\n    return -1\n")
    monkeypatch.setattr(check_units, "ROOT", tmp_path)
    monkeypatch.setattr(check_units, "PACKAGES", ("pkg",))

    assert check_units.main([]) == 1
    report = capsys.readouterr().out
    assert "pkg/m.py::long::length: 61 lines" in report
    assert "pkg/m.py::tangled::complexity: complexity 17" in report
