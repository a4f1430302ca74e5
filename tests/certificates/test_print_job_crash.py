"""A print job whose process is killed (SIGKILL) mid-job is shown as interrupted once
its lease runs out, and retrying it gives one complete PDF — in both task modes:

- immediate: the POST answers at once and a thread of the web server renders the
  job; the web server is killed;
- database (default): the web server queues the job and ``db_worker`` renders it;
  the worker is killed.

Real processes against a scratch SQLite file (the test process reads it directly),
whichever database the suite runs on: CI runs them in its SQLite pass only, and on
PostgreSQL the smoke test kills ``db_worker`` mid-job the same way (docs/testing.md).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pypdfium2
import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 300
pytestmark = pytest.mark.sqlite_ci
LEASE_SECONDS = 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Scratch:
    """A migrated scratch database with one issued decision, and its processes."""

    def __init__(self, tmp: Path, mode: str, template: Path | None = None) -> None:
        self.db = tmp / "db.sqlite3"
        self.media = tmp / "media"
        self.env = {
            **os.environ,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{self.db}",
            "MEDIA_ROOT": str(self.media),
            "TASKS_BACKEND": mode,
            "PRINT_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
            "PUBLIC_BASE_URL": "https://thidua.example.gov.vn",
        }
        self.processes: list[subprocess.Popen] = []
        if template is None:
            self.manage("migrate", "--noinput")
            # The set-up only: the test settings' fast password hasher (factories make users).
            out = self.manage(
                "shell",
                "-c",
                f"from tests.certificates.crash_scenario import issue; issue({PEOPLE})",
                settings="config.test_settings",
            )
            (tmp / "facts.json").write_text(out.strip().splitlines()[-1])
        else:
            # Both modes start from the same issued decision: migrated and issued once.
            with sqlite3.connect(template / "db.sqlite3") as source, sqlite3.connect(self.db) as copy:
                source.backup(copy)
            if (template / "media").exists():
                shutil.copytree(template / "media", self.media)
            shutil.copy(template / "facts.json", tmp / "facts.json")
        facts = json.loads((tmp / "facts.json").read_text())
        self.decision, self.token = facts["decision"], facts["token"]
        self.port = _free_port()

    def manage(self, *args: str, settings: str = "config.settings") -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": settings},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def start(self, *args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def serve(self) -> subprocess.Popen:
        server = self.start("runserver", "--noreload", "--nothreading", f"127.0.0.1:{self.port}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.request("GET", "/healthz")
                return server
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict | bytes]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                data = response.read()
                status = response.status
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            data, status, kind = error.read(), error.code, error.headers.get("Content-Type", "")
        return status, (json.loads(data) if "json" in kind else data)

    def job_row(self) -> tuple | None:
        with sqlite3.connect(self.db, timeout=20) as db:
            return db.execute(
                "SELECT id, status, done, total FROM certificates_printjob ORDER BY id DESC"
            ).fetchone()

    def wait_mid_job(self) -> tuple:
        """Until the job is running with some pages drawn (progress is written every 25)."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            row = self.job_row()
            if row and row[1] == "running" and 0 < row[2] < PEOPLE:
                return row
            time.sleep(0.01)
        raise AssertionError(f"the job never got under way: {self.job_row()}")

    def wait_job_ended(self) -> tuple:
        """Until the last job is done or failed (a thread of the web server may still draw it)."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            row = self.job_row()
            if row and row[1] in ("done", "failed"):
                return row
            time.sleep(0.05)
        raise AssertionError(f"the job never ended: {self.job_row()}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture(params=["immediate", "database"])
def scratch(request, tmp_path, issued):
    scratch = Scratch(tmp_path, request.param, template=issued)
    yield scratch
    scratch.stop()


def _pages(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_a_killed_job_is_interrupted_then_retried_into_one_complete_pdf(scratch):
    server = scratch.serve()
    status, body = scratch.request("POST", "/api/v1/print-jobs/", {"decision": scratch.decision})
    assert status == 202 and body["done"] < PEOPLE
    if scratch.env["TASKS_BACKEND"] == "immediate":
        victim = server  # a thread of the web server renders it: kill the server mid-job
    else:
        assert body["status"] == "queued"
        victim = scratch.start("db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload")
    job_id, _status, _done, _total = scratch.wait_mid_job()
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    if scratch.env["TASKS_BACKEND"] == "immediate":
        scratch.serve()

    # Still "running" in the table, but nobody renews the lease.
    assert scratch.job_row()[1] == "running"
    time.sleep(LEASE_SECONDS + 0.5)
    status, body = scratch.request("GET", f"/api/v1/print-jobs/{job_id}/")
    assert (status, body["status"]) == (200, "interrupted")
    assert body["done"] < PEOPLE
    status, _ = scratch.request("GET", f"/api/v1/print-jobs/{job_id}/pdf/")
    assert status == 409

    status, body = scratch.request("POST", f"/api/v1/print-jobs/{job_id}/retry/")
    assert status == 202, body
    if scratch.env["TASKS_BACKEND"] == "database":
        scratch.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    scratch.wait_job_ended()
    status, body = scratch.request("GET", f"/api/v1/print-jobs/{job_id}/")
    assert (body["status"], body["done"], body["total"], body["attempts"]) == ("done", PEOPLE, PEOPLE, 2)
    # Retrying a finished job is refused.
    assert scratch.request("POST", f"/api/v1/print-jobs/{job_id}/retry/")[0] == 409

    status, pdf = scratch.request("GET", f"/api/v1/print-jobs/{job_id}/pdf/")
    assert status == 200
    pages = _pages(pdf)
    assert len(pages) == PEOPLE
    assert [f"Số sổ vàng: {n}" in text for n, text in enumerate(pages, start=1)] == [True] * PEOPLE
    # One PDF: the first attempt left no file behind.
    assert len(list((scratch.media / "print-jobs").rglob("*.pdf"))) == 1
