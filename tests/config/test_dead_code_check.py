"""`make lint`'s dead-code check (scripts/check_dead_code.py) finds what nothing uses."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check_dead_code.py"
_spec = importlib.util.spec_from_file_location("check_dead_code", SCRIPT)
check_dead_code = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_dead_code)


def test_the_tree_has_no_dead_function_class_or_import():
    assert check_dead_code.unused() == []


def test_a_dead_function_is_found_and_registered_ones_are_not(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text(
        "import os\n"
        "from django import template\n"
        "register = template.Library()\n\n\n"
        "@register.filter\ndef shown(value):\n    return value\n\n\n"
        "def used():\n    return 1\n\n\n"
        "def forgotten():\n    return used()\n\n\n"
        "class Old:\n    pass\n"
    )
    monkeypatch.setattr(check_dead_code, "ROOT", tmp_path)
    monkeypatch.setattr(check_dead_code, "PACKAGES", ("pkg",))

    assert check_dead_code.unused() == [
        "pkg/m.py:1: unused import 'os'",
        "pkg/m.py:15: unused function 'forgotten'",
        "pkg/m.py:19: unused class 'Old'",
    ]


def test_what_settings_name_by_path_is_listed_by_its_name():
    processors = [p for engine in settings.TEMPLATES for p in engine["OPTIONS"].get("context_processors", [])]
    named = [
        *settings.MIDDLEWARE,
        *settings.AUTHENTICATION_BACKENDS,
        *processors,
        settings.AXES_USERNAME_CALLABLE,
    ]
    for dotted in named:
        module, _, name = dotted.rpartition(".")
        if module.split(".")[0] in check_dead_code.PACKAGES:
            assert name in check_dead_code.NAMED_IN_SETTINGS, dotted
