"""Smoke test of the whole stack, as deployed: `make smoke` (called by .ci/run after the suites).

Starts a throwaway PostgreSQL, two gunicorn workers (deploy/gunicorn.conf.py) and
`db_worker`, with DEBUG off, then works over HTTP only: each demo role logs in, a
dossier is filed and walked to an issued decision, printed through the worker and
downloaded; a certificate is verified; the worker is killed (SIGKILL) during a second
print job and the job resumes after a restart; the database is stopped under the
running server (503 in JSON, then recovery); a backup is taken, restored into a
second database and served by a second server, which verifies the same certificate.

Each step runs even when an earlier one failed (each brings its own data or falls
back to the demo's), so one failure names itself. The run prints every step's time.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)
GUNICORN = str(Path(PY).parent / "gunicorn")
DEMO_PASSWORD = "thidua2024"
ROLES = ["truongphong", "canbo", "uyvien1", "uyvien2", "uyvien3", "uyvien4", "uyvien5", "chutich", "quantri"]
BULK_CERTIFICATES = 600  # long enough (a few seconds of drawing) to kill the worker mid-job
LEASE_SECONDS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], bool], seconds: float, what: str, pause: float = 0.1) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except requests.RequestException:
            pass
        time.sleep(pause)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


# --- the stack ---------------------------------------------------------------------------------


class Postgres:
    """A private cluster (scripts/pg-throwaway.sh), with stop/start for the restart step."""

    def __init__(self) -> None:
        out = (
            subprocess.run(
                [
                    "bash",
                    "-c",
                    "source scripts/pg-throwaway.sh && pg_throwaway_start >/dev/null && "
                    'echo "$PG_BIN|$PG_DIR|$PG_PORT"',
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        self.bin, self.dir, self.port = out.split("|")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", *args],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off"
        )
        self._ctl("-l", f"{self.dir}/log", "-w", "-o", options, "start")

    def createdb(self, name: str) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                f"{self.bin}/createdb",
                "-h",
                "127.0.0.1",
                "-p",
                self.port,
                "-U",
                "postgres",
                name,
            ],
            check=True,
        )

    def destroy(self) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                f"{self.bin}/pg_ctl",
                "-D",
                f"{self.dir}/data",
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class Site:
    """One deployment: a database, a media folder, its gunicorn and its worker."""

    name: str
    env: dict[str, str]
    tmp: Path
    port: int = field(default_factory=free_port)
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, extra: dict[str, str] | None = None, timeout: int = 600) -> str:
        done = subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(extra or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def _spawn(self, command: list[str], log: str, env: dict[str, str]) -> subprocess.Popen:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=open(self.tmp / log, "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_web(self, workers: int = 2) -> None:
        env = {**self.env, "WEB_CONCURRENCY": str(workers), "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.web = self._spawn(
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"], f"{self.name}-web.log", env
        )
        wait_until(lambda: requests.get(f"{self.base}/healthz", timeout=2).status_code == 200, 60, "gunicorn")

    def start_worker(self) -> None:
        command = [PY, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
        self.worker = self._spawn(command, f"{self.name}-worker.log", self.env)

    def kill_worker(self) -> None:
        if self.worker and self.worker.poll() is None:
            os.kill(self.worker.pid, signal.SIGKILL)
            self.worker.wait(10)

    def stop(self) -> None:
        self.kill_worker()
        if self.web and self.web.poll() is None:
            os.killpg(self.web.pid, signal.SIGTERM)
            try:
                self.web.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.web.pid, signal.SIGKILL)


def site_env(name: str, database_url: str, tmp: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "DB_CONNECT_TIMEOUT": "2",
        "MEDIA_ROOT": str(tmp / f"{name}-media"),
        "STATIC_ROOT": str(tmp / "static"),
        "TASKS_BACKEND": "database",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_STALE_SECONDS": "5",
        "PRINT_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "PUBLIC_BASE_URL": "https://thidua.example.gov.vn",
        "LOG_FORMAT": "json",
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }


# --- the HTTP client ------------------------------------------------------------------------------


class Api:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Token {token}"

    def call(self, method: str, path: str, expect: int | tuple[int, ...] = (200, 201), **kwargs):
        response = self.session.request(method, f"{self.base}{path}", timeout=60, **kwargs)
        expected = (expect,) if isinstance(expect, int) else expect
        if response.status_code not in expected:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs).json()

    def post(self, path: str, body: dict | None = None, **kwargs):
        response = self.call("POST", path, json=body or {}, **kwargs)
        return response.json() if response.content else {}


def login(base: str, username: str) -> Api:
    response = requests.post(
        f"{base}/api/v1/auth/token/", json={"username": username, "password": DEMO_PASSWORD}, timeout=30
    )
    assert response.status_code == 200, f"login {username}: {response.status_code} {response.text[:200]}"
    return Api(base, response.json()["token"])


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF for the dossier's documents (ReportLab, as the service itself uses)."""
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, title)
    page.showPage()
    page.save()
    return buffer.getvalue()


def pdf_pages(data: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


# --- the steps ------------------------------------------------------------------------------------


@dataclass
class Smoke:
    tmp: Path
    pg: Postgres
    site: Site
    bulk_decision: int = 0
    apis: dict[str, Api] = field(default_factory=dict)
    decision: int | None = None
    certificate: dict | None = None

    def api(self, username: str) -> Api:
        if username not in self.apis:
            self.apis[username] = login(self.site.base, username)
        return self.apis[username]

    def print_and_wait(self, body: dict, seconds: float = 120) -> dict:
        staff = self.api("canbo")
        job = staff.post("/api/v1/print-jobs/", body, expect=202)
        path = f"/api/v1/print-jobs/{job['id']}/"
        wait_until(lambda: staff.get(path)["status"] in ("done", "failed"), seconds, f"print job {job['id']}")
        return staff.get(path)


def step_logins(smoke: Smoke) -> str:
    for username in ROLES:
        me = smoke.api(username).get("/api/v1/users/me/")
        assert me["username"] == username and me["roles"], me
    return f"{len(ROLES)} roles"


def _open_period(staff: Api) -> int:
    today = time.strftime("%Y-%m-%d")
    periods = staff.get("/api/v1/periods/?page_size=200")["results"]
    return next(p["id"] for p in periods if p["opens_on"] <= today <= p["closes_on"])


def _file_and_submit(smoke: Smoke, period: int) -> dict:
    head = smoke.api("truongphong")
    person = head.get("/api/v1/people/?code=VP-024")["results"][0]
    nomination = head.post(
        "/api/v1/nominations/",
        {
            "period": period,
            "award_type": "merit_chairman",
            "nominee_person": person["id"],
            "achievements": "Hoàn thành xuất sắc nhiệm vụ; tiếp 226 lượt công dân (kiểm thử khói).",
        },
    )
    for kind in ("proposal", "minutes", "achievement_report"):
        head.call(
            "POST",
            f"/api/v1/nominations/{nomination['id']}/attachments/",
            data={"kind": kind},
            files={"file": (f"{kind}.pdf", tiny_pdf(kind), "application/pdf")},
        )
    head.post(f"/api/v1/nominations/{nomination['id']}/submit/")
    return nomination


def _council(smoke: Smoke, period: int, nomination: int) -> None:
    staff = smoke.api("canbo")
    staff.post(
        f"/api/v1/nominations/{nomination}/verify/",
        {
            "note": "Đủ hồ sơ.",
            "override_reason": "Thành tích đột xuất, đã xác minh (kiểm thử khói).",
        },
    )
    members = [smoke.api(f"uyvien{i}").get("/api/v1/users/me/")["id"] for i in range(1, 6)]
    session = staff.post(
        "/api/v1/council-sessions/",
        {
            "title": "Phiên họp kiểm thử khói",
            "meeting_date": time.strftime("%Y-%m-%d"),
            "period": period,
            "body": "standing_board",
            "members": members,
            "agenda": [nomination],
            "secret_ballot": False,
        },
    )
    staff.post(f"/api/v1/council-sessions/{session['id']}/open/")
    for i in range(1, 6):
        smoke.api(f"uyvien{i}").post(
            f"/api/v1/council-sessions/{session['id']}/votes/", {"nomination": nomination, "choice": "yes"}
        )
    staff.post(f"/api/v1/council-sessions/{session['id']}/close/")


def step_walk_to_issued_decision(smoke: Smoke) -> str:
    staff = smoke.api("canbo")
    period = _open_period(staff)
    nomination = _file_and_submit(smoke, period)["id"]
    _council(smoke, period, nomination)
    assert staff.get(f"/api/v1/nominations/{nomination}/")["status"] == "approved"
    decision = staff.post(
        "/api/v1/decisions/",
        {
            "number": f"{secrets.randbelow(900) + 100}/QĐ-UBND",
            "signed_on": time.strftime("%Y-%m-%d"),
            "signer_name": "Nguyễn Văn Chủ",
            "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            "authority": "Ủy ban nhân dân tỉnh",
            "award_type": "merit_chairman",
            "period": period,
            "nominations": [nomination],
        },
    )
    # The chairman confirms, as the page asks, the reward multiple still marked unverified.
    smoke.api("chutich").post(f"/api/v1/decisions/{decision['id']}/issue/", {"confirm_unverified": True})
    assert staff.get(f"/api/v1/nominations/{nomination}/")["status"] == "awarded"
    smoke.decision = decision["id"]
    return f"nomination {nomination} → decision {decision['id']} issued"


def _any_issued_decision(smoke: Smoke) -> int:
    if smoke.decision:
        return smoke.decision
    decisions = smoke.api("canbo").get("/api/v1/decisions/?status=issued")["results"]
    return next(d["id"] for d in decisions if d["id"] != smoke.bulk_decision)


def step_print_through_worker(smoke: Smoke) -> str:
    decision = _any_issued_decision(smoke)
    job = smoke.print_and_wait({"decision": decision, "mode": "full"})
    assert job["status"] == "done", job
    pdf = smoke.api("canbo").call("GET", f"/api/v1/print-jobs/{job['id']}/pdf/").content
    pages = pdf_pages(pdf)
    assert pdf.startswith(b"%PDF") and len(pages) == job["total"] >= 1, (len(pages), job)
    certificates = smoke.api("canbo").get(f"/api/v1/certificates/?decision={decision}")["results"]
    names = {c["recipient_name"] for c in certificates}
    assert all(any(name in page for name in names) for page in pages)
    smoke.certificate = certificates[0]
    return f"{len(pages)} page(s), {len(pdf)} bytes"


def _certificate(smoke: Smoke) -> tuple[dict, str]:
    """The certificate printed above, or any valid one; with its verification code."""
    certificate = smoke.certificate or next(
        c
        for c in smoke.api("canbo").get("/api/v1/certificates/?page_size=50")["results"]
        if c["status"] == "valid"
    )
    return certificate, certificate["verify_url"].rstrip("/").rsplit("/", 1)[-1]


def step_verify_certificate(smoke: Smoke) -> str:
    _, code = _certificate(smoke)
    answer = Api(smoke.site.base).get(f"/api/v1/verify/{code}/")
    assert answer["status"] == "valid", answer
    page = Api(smoke.site.base).call("GET", f"/verify/{code}/")
    assert answer["recipient_name"] in page.text
    return answer["recipient_name"]


def step_kill_worker_mid_job(smoke: Smoke) -> str:
    """Needs POST /api/v1/print-jobs/{id}/retry/ (print-job leases): 404 before that exists."""
    staff = smoke.api("canbo")
    job = staff.post("/api/v1/print-jobs/", {"decision": smoke.bulk_decision, "mode": "full"}, expect=202)
    path = f"/api/v1/print-jobs/{job['id']}/"
    # Without leases a killed job stays "running" for ever: say so at once instead of timing out.
    assert "lease_expires_at" in staff.get(path), "print jobs have no lease here: nothing can resume them"
    wait_until(lambda: staff.get(path)["done"] > 0, 60, "the worker to start drawing", pause=0.05)
    smoke.site.kill_worker()
    killed_at = staff.get(path)
    assert killed_at["status"] != "done", "the job ended before the kill; raise BULK_CERTIFICATES"
    smoke.site.start_worker()
    wait_until(lambda: staff.get(path)["status"] == "interrupted", LEASE_SECONDS + 15, "the lease to expire")
    staff.post(f"{path}retry/", expect=(200, 202))
    wait_until(lambda: staff.get(path)["status"] == "done", 180, "the resumed job")
    pdf = staff.call("GET", f"{path}pdf/").content
    pages = pdf_pages(pdf)
    assert len(pages) == BULK_CERTIFICATES, len(pages)
    return f"killed at {killed_at['done']}/{killed_at['total']}, resumed to {len(pages)} pages"


def step_database_restart(smoke: Smoke) -> str:
    staff = smoke.api("canbo")
    smoke.pg.stop()
    try:
        started = time.monotonic()
        ready = requests.get(f"{smoke.site.base}/readyz", timeout=10)
        readyz_seconds = time.monotonic() - started
        api = requests.get(
            f"{smoke.site.base}/api/v1/nominations/", headers=staff.session.headers, timeout=10
        )
    finally:
        smoke.pg.start()
    assert ready.status_code == 503 and ready.json()["status"] == "error", ready.text
    assert readyz_seconds < 2, readyz_seconds
    assert api.status_code == 503 and "detail" in api.json(), (api.status_code, api.text[:300])
    wait_until(
        lambda: staff.call("GET", "/api/v1/nominations/", expect=(200, 503)).status_code == 200,
        30,
        "the API after the database came back",
    )
    # db_worker exits when its database goes away; systemd (Restart=always) starts it again.
    restarted = smoke.site.worker is not None and smoke.site.worker.poll() is not None
    if restarted:
        smoke.site.start_worker()
    wait_until(lambda: requests.get(f"{smoke.site.base}/readyz", timeout=5).status_code == 200, 20, "readyz")
    worker = "worker restarted" if restarted else "worker kept running"
    return f"503 while down (readyz {readyz_seconds * 1000:.0f} ms), 200 after; {worker}"


def step_backup_restore_serve(smoke: Smoke) -> str:
    certificate, code = _certificate(smoke)
    original = Api(smoke.site.base).get(f"/api/v1/verify/{code}/")
    folder = smoke.tmp / "backups"
    folder.mkdir(exist_ok=True)
    smoke.site.manage("backup", str(folder))  # while the site serves
    [archive] = folder.glob("thidua-*.tar")
    smoke.pg.createdb("thidua_restored")
    second = Site("restored", site_env("restored", smoke.pg.url("thidua_restored"), smoke.tmp), smoke.tmp)
    out = second.manage("restore", str(archive))
    assert "Done." in out, out
    second.start_web(workers=1)
    try:
        restored = Api(second.base).get(f"/api/v1/verify/{code}/")
        assert restored == original, (restored, original)
        # The staff token was restored with the rest: the same PDF from the second site.
        staff = Api(second.base, smoke.api("canbo").session.headers["Authorization"].split()[1])
        pdf = staff.call("GET", f"/api/v1/certificates/{certificate['id']}/pdf/?mode=full").content
        assert certificate["recipient_name"] in pdf_pages(pdf)[0]
    finally:
        second.stop()
    return f"{archive.stat().st_size} bytes, certificate {code[:8]}… served by the restored site"


STEPS: list[tuple[str, Callable[[Smoke], str], str]] = [
    ("log in as each demo role", step_logins, ""),
    ("file a dossier and walk it to an issued decision", step_walk_to_issued_decision, ""),
    ("print through the worker, download the PDF", step_print_through_worker, ""),
    ("verify a certificate", step_verify_certificate, ""),
    (
        "kill the worker mid-job, resume after restart",
        step_kill_worker_mid_job,
        "needs POST /api/v1/print-jobs/{id}/retry/ (print-job leases)",
    ),
    ("database stopped under the server, then back", step_database_restart, ""),
    ("backup, restore into a second database, serve", step_backup_restore_serve, ""),
]


# --- running ----------------------------------------------------------------------------------------


def timed(label: str, action: Callable[[], object], timings: list) -> object:
    started = time.monotonic()
    result = action()
    timings.append((label, time.monotonic() - started))
    print(f"  setup  {time.monotonic() - started:6.1f} s  {label}", flush=True)
    return result


BULK_SCRIPT = "from benchmarks._province import bulk_decision; print(bulk_decision({n}))"


def in_parallel(site: Site, jobs: dict[str, tuple[list[str], dict[str, str]]]) -> dict[str, str]:
    """Independent set-up commands at once (the database takes concurrent writers)."""
    started = time.monotonic()
    running = {
        label: subprocess.Popen(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env={**site.env, **extra},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label, (args, extra) in jobs.items()
    }
    outputs = {}
    for label, process in running.items():
        out, err = process.communicate(timeout=900)
        if process.returncode != 0:
            raise AssertionError(f"{label} failed:\n{err[-3000:]}")
        outputs[label] = out
    print(f"  setup  {time.monotonic() - started:6.1f} s  {', '.join(jobs)} (in parallel)", flush=True)
    return outputs


def set_up(tmp: Path, pg: Postgres) -> Smoke:
    timings: list = []
    site = Site("main", site_env("main", pg.url("thidua"), tmp), tmp)
    timed("migrate", lambda: site.manage("migrate", "--noinput"), timings)
    # seed_demo is refused without DEBUG; it draws its one print job itself, so the
    # queue must not start it too (a thread of the immediate backend dies with the command).
    demo = {"DEBUG": "1", "TASKS_BACKEND": "dummy"}
    outputs = in_parallel(
        site,
        {
            "seed_demo": (["seed_demo"], demo),
            f"a decision of {BULK_CERTIFICATES} certificates": (
                ["shell", "-c", BULK_SCRIPT.format(n=BULK_CERTIFICATES)],
                demo,
            ),
            "collectstatic": (["collectstatic", "--noinput"], {}),
            "createcachetable": (["createcachetable"], {}),
        },
    )
    bulk = outputs[f"a decision of {BULK_CERTIFICATES} certificates"]
    timed("gunicorn (2 workers)", site.start_web, timings)
    site.start_worker()
    return Smoke(tmp=tmp, pg=pg, site=site, bulk_decision=int(bulk.strip().splitlines()[-1]))


def run_steps(smoke: Smoke) -> list[tuple[str, bool, float, str]]:
    results = []
    for label, step, depends in STEPS:
        started = time.monotonic()
        try:
            note, ok = step(smoke), True
        except Exception as exc:  # noqa: BLE001 - every step reports, the run goes on
            note, ok = f"{type(exc).__name__}: {exc}"[:600], False
            traceback.print_exc(limit=3)
        seconds = time.monotonic() - started
        flag = "ok  " if ok else "FAIL"
        suffix = f"  [{depends}]" if depends and not ok else ""
        print(f"  {flag}  {seconds:6.1f} s  {label}: {note}{suffix}", flush=True)
        results.append((label, ok, seconds, note))
    return results


def main() -> int:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="thidua-smoke-"))
    print("== smoke test of the whole stack", flush=True)
    pg = Postgres()
    smoke = None
    try:
        smoke = set_up(tmp, pg)
        results = run_steps(smoke)
    except Exception:  # noqa: BLE001 - a broken set-up is reported like a failed step
        traceback.print_exc()
        results = [("set-up", False, 0.0, "")]
    finally:
        if smoke is not None:
            smoke.site.stop()
        pg.destroy()
    failed = [label for label, ok, _, _ in results if not ok]
    if failed and os.environ.get("SMOKE_KEEP_LOGS") != "1":
        for log in sorted(tmp.glob("*.log")):
            print(
                f"--- {log.name} (last lines)\n"
                + "\n".join(log.read_text(errors="replace").splitlines()[-15:])
            )
    shutil.rmtree(tmp, ignore_errors=True)
    total = time.monotonic() - started
    print(
        f"== smoke: {len(results) - len(failed)} passed, {len(failed)} failed, {total:.1f} s in all",
        flush=True,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
