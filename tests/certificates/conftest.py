"""Fixtures shared by the certificates tests that run real processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.certificates.test_print_job_crash import Scratch


@pytest.fixture(scope="session")
def issued(tmp_path_factory) -> Path:
    """A migrated scratch SQLite database with one issued decision, built once per
    test process (about a minute and a half); each test works on its own copy."""
    folder = tmp_path_factory.mktemp("issued")
    Scratch(folder, "immediate")
    return folder
