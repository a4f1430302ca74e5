"""`make bench-scale`: the service at the size of a large province.

    python -m benchmarks._scale                      # SQLite, 1,500 units / 100,000 people /
                                                     # 50,000 dossiers / 30,000 certificates
    BENCH_SCALE=small python -m benchmarks._scale    # a tenth of that, for a quick run
    BENCH_DATABASE_URL=postgres://… python -m benchmarks._scale   # on PostgreSQL (an empty database)
    python -m benchmarks._scale --prepare            # only generate (or restore) the province
    python -m benchmarks._scale --search-only        # only register_search_100k and the plans

The province is generated once from a fixed seed (benchmarks/_province.py) and
cached as a backup archive in benchmarks/.cache/ (`manage.py backup`); later runs
restore it (`manage.py restore --force`, which checks every count and hash).

Then, against gunicorn started with deploy/gunicorn.conf.py: p50/p95 of the main
pages and API lists at 1, 10 and 50 concurrent users, each as a ratio to /healthz
(one database round trip through the same stack) at the same concurrency; then,
in-process, issuing a 500-nominee decision and a 5,000-certificate print job.
The register search alone and the query plans: benchmarks/_scale_search.py; the
print job against raw ReportLab: benchmarks/_scale_print.py.
"""

from __future__ import annotations

import io
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks import _scale_print, _scale_search  # no model import before django.setup()

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
CONCURRENCY = (1, 10, 50)
ENDPOINTS = [
    ("page /", "/"),
    ("page /nominations/", "/nominations/"),
    ("page /inbox/", "/inbox/"),
    ("page /decisions/", "/decisions/"),
    ("api nominations", "/api/v1/nominations/?page_size=50"),
    ("api nominations search", "/api/v1/nominations/?search=nguyen%20huong&page_size=50"),
    ("api certificates", "/api/v1/certificates/?page_size=50"),
    ("api people search", "/api/v1/people/?search=tran%20mai"),
]


def _log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def _configure(scale: str) -> dict[str, str]:
    CACHE.mkdir(exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{CACHE / f'scale-{scale}.sqlite3'}"
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(CACHE / f"media-{scale}"),
        "STATIC_ROOT": str(CACHE / "static"),
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "database",  # the default: print jobs and e-mails go to db_worker
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    os.environ.update(env)
    return env


def _prepare(scale) -> None:
    """Restore the cached province, or generate it and cache it."""
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import _province

    archive = CACHE / f"province-{scale.name}-{connection.vendor}-v1.tar"
    started = time.perf_counter()
    if not (CACHE / "static" / "staticfiles.json").exists():  # the pages need the manifest (DEBUG off)
        call_command("collectstatic", interactive=False, verbosity=0)
    if archive.exists():
        call_command("restore", str(archive), force=True, stdout=io.StringIO())
        # A province cached before a newer migration (an index) gets it, as a deployment would.
        call_command("migrate", verbosity=0, interactive=False)
        _log(f"province restored from {archive.name} in {time.perf_counter() - started:.1f} s")
        return
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA journal_mode=WAL")
    _province.generate(scale)
    call_command("backup", str(archive), stdout=io.StringIO())
    _log(f"province generated and cached as {archive.name} in {time.perf_counter() - started:.1f} s")


# --- HTTP load ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _credentials() -> dict[str, str]:
    """A staff member's session (pages) and token (API), sent as plain headers over HTTP."""
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from awards.models import User

    staff = User.objects.get(username="bench-staff")
    client = Client()
    client.force_login(staff)
    token = Token.objects.get_or_create(user=staff)[0].key
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}", "Authorization": f"Token {token}"}


def _load(base: str, path: str, users: int, requests_per_user: int, headers: dict[str, str]) -> list[float]:
    import requests

    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user() -> None:
        session = requests.Session()
        session.headers.update(headers)
        mine = []
        for _ in range(requests_per_user):
            started = time.perf_counter()
            response = session.get(base + path, timeout=120)
            mine.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors.append(f"{path}: {response.status_code}")
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"errors under load: {errors[:3]}")
    return times


def _p(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(q) - 1] * 1000


def _http(env: dict[str, str], requests_per_user: int, load: bool = True) -> list[str]:
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESSLOG": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    lines = []
    try:
        import requests

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        headers = _credentials()
        lines += _scale_search.http_lines(base, headers)  # alone, before the load
        print(*lines, sep="\n", flush=True)
        for users in CONCURRENCY if load else ():
            per_user = max(3, requests_per_user // users) if users > 1 else requests_per_user
            healthz = _load(base, "/healthz", users, per_user, headers)
            base_p50 = _p(healthz, 50)
            lines.append(
                f"scale_http users={users:<2} /healthz: p50 {base_p50:.0f} ms, p95 {_p(healthz, 95):.0f} ms"
            )
            print(lines[-1], flush=True)
            for label, path in ENDPOINTS:
                started = time.perf_counter()
                times = _load(base, path, users, per_user, headers)
                rate = len(times) / (time.perf_counter() - started)
                p50, p95 = _p(times, 50), _p(times, 95)
                lines.append(
                    f"scale_http users={users:<2} {label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {rate:.0f} req/s "
                    f"(ratio {p50 / base_p50:.1f} vs /healthz p50)"
                )
                print(lines[-1], flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    return lines


# --- issuing and printing ----------------------------------------------------------------------


def _issue_500() -> str:
    import random

    from awards.enums import Role
    from awards.models import AwardType, Organization, Period, User
    from benchmarks import _province
    from nominations import decisions
    from nominations.enums import NominationStatus

    rng = random.Random(_province.SEED + 1)
    unit = Organization.objects.create(code=f"BENCH-{secrets.token_hex(3)}", name="Đơn vị đo quyết định")
    period = Period.objects.filter(year=2023).first()
    merit = AwardType.objects.get(code="merit_chairman")
    users = {
        Role.STAFF: User.objects.get(username="bench-staff"),
        Role.CHAIRMAN: User.objects.get(username="bench-chairman"),
    }
    started = time.perf_counter()
    people = _province.people_in(rng, 500, [unit], start=2_000_000 + rng.randrange(10**6))
    approved = _province.nominations_for(
        people,
        period=period,
        award_type=merit,
        status=NominationStatus.APPROVED,
        creator=users[Role.STAFF],
        tag=f"X{secrets.token_hex(2)}",
    )
    baseline = time.perf_counter() - started  # writing 500 people and 500 dossiers in bulk
    draft = decisions.decision_create(
        actor=users[Role.STAFF],
        number=f"{rng.randrange(10**6)}/QĐ-ĐO",
        signed_on=_province.SIGNED_ON,
        signer_name="Vũ Việt Văn",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Thử nghiệm",
        award_type=merit,
        period=period,
        nominations=approved,
    )
    started = time.perf_counter()
    decisions.decision_issue(decision=draft, actor=users[Role.CHAIRMAN], confirm_unverified=True)
    took = time.perf_counter() - started
    return (
        f"scale_issue_500: {took:.2f} s, {took / 500 * 1000:.1f} ms per nominee "
        f"(ratio {took / baseline:.1f} vs bulk-writing the 500 people and dossiers {baseline:.2f} s)"
    )


def main() -> int:
    name = os.environ.get("BENCH_SCALE", "large")
    env = _configure(name)
    import django

    django.setup()
    from django.db import connection

    from benchmarks._province import SCALES

    scale = SCALES[name]

    _prepare(scale)
    if "--prepare" in sys.argv[1:]:  # generate or restore only, measure later
        return 0
    vendor = connection.vendor
    print(
        f"# scale '{scale.name}' on {vendor}: {scale.units:,} units, {scale.people:,} people, "
        f"{scale.dossiers:,} dossiers, {scale.certificates:,} certificates",
        flush=True,
    )
    connection.close()
    if "--search-only" in sys.argv[1:]:  # register_search_100k and the plans, nothing else
        _http(env, requests_per_user=0, load=False)
        print(*_scale_search.query_lines(), *_scale_search.plan_lines(), sep="\n", flush=True)
        return 0
    _http(env, requests_per_user=int(os.environ.get("BENCH_REQUESTS", "40")))
    for line in _scale_search.query_lines() + _scale_search.plan_lines():
        print(line, flush=True)
    print(_issue_500(), flush=True)
    for line in _scale_print.lines():
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
