"""The project's own documents: linked from the README, and nothing points outside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OUTSIDE = re.compile(r"\b(DESIGN|DOMAIN|RELIABILITY|STYLE|PERFORMANCE|API)\.md\b|\.\./shared|/work/shared")
DOCS = [
    "docs/architecture.md",
    "docs/domain.md",
    "docs/testing.md",
    "docs/operations.md",
    "docs/api-notes.md",
]


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "*.html", "*.txt", "*.toml", "Makefile", "*.sh", "*.cfg"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in names if (ROOT / name).is_file()]


def test_no_file_refers_to_documents_outside_the_repository():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _tracked_text_files()
        if path.name != "test_docs.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]

    assert offenders == []


def test_the_readme_links_every_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert [doc for doc in DOCS if f"]({doc})" not in readme] == []


def test_every_document_the_docs_link_exists():
    missing = []
    for doc in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if not (doc.parent / target).exists():
                missing.append(f"{doc.name} → {target}")

    assert missing == []
