"""Discover and run the benchmark modules of this package.

    python -m benchmarks                 # all of them
    python -m benchmarks nomination_list # only these

The database is a fresh SQLite file in a temporary folder unless
BENCH_DATABASE_URL names another (e.g. a throwaway PostgreSQL cluster).
"""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import sys
import tempfile
import time
from pathlib import Path


def _configure(workdir: Path) -> None:
    # Production-like settings (DEBUG off: no query log), plain HTTP test client.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    )


def _modules(names: list[str]) -> list[str]:
    here = Path(__file__).parent
    found = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    if names:
        unknown = set(names) - set(found)
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(found)}")
        return names
    return found


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")]
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        _configure(Path(tmp))
        import django
        from django.core.management import call_command

        django.setup()
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"# database ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        # As config/wsgi.py does in a web worker: the loaded app is frozen out of the
        # cyclic collector, so a full collection does not land on whichever side of a
        # ratio happens to trigger it.
        gc.collect()
        gc.freeze()
        for name in _modules(names):
            module = importlib.import_module(f"benchmarks.{name}")
            for line in module.run(argv):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
