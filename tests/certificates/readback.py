"""Reading certificate PDFs back for the Django-side tests (not a test module)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pdfplumber
from rest_framework.test import APIClient

MM = 72 / 25.4


def client(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user=user)
    return api


def page_texts(pdf_bytes: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def page_lines(pdf_bytes: bytes, page: int = 0) -> list[str]:
    return [line for line in page_texts(pdf_bytes)[page].splitlines() if line.strip()]


def page_chars(pdf_bytes: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [{"text": c["text"], "x0": c["x0"], "top": c["top"]} for c in pdf.pages[page].chars]


def pdftotext(pdf_bytes: bytes) -> str:
    """Poppler's reading of the file (a second, independent PDF reader)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf_bytes)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
