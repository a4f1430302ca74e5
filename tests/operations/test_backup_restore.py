"""`manage.py backup` and `manage.py restore`, round trip and refusals, on the test database's engine.

The backup runs in this process against the populated test database; the restore
runs as an operator would, in another process, into a second, empty database and
an empty media folder. Counts, file hashes and timestamps (to the microsecond)
are compared by reading both databases directly.
"""

from __future__ import annotations

import datetime
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from awards import clock
from operations.backup.archive import MANIFEST
from operations.models import AuditAction, AuditEvent
from tests.operations.helpers import live_media, manage, media_hashes, second_database
from tests.security.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)

MOMENT = datetime.datetime(2024, 1, 11, 8, 30, 15, 123457, tzinfo=datetime.UTC)


def _live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _text(rows) -> list[tuple[str, ...]]:
    # Django's SQLite cursor parses timestamps, the raw sqlite3 module does not: compare as text.
    return [tuple(str(value) for value in row) for row in rows]


def _live_query(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return _text(cursor.fetchall())


def _backup(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    call_command("backup", str(folder), stdout=io.StringIO())
    [archive] = folder.iterdir()
    return archive


@pytest.fixture
def populated():
    build_world()
    with clock.frozen_at(MOMENT):
        AuditEvent.objects.create(action=AuditAction.LOGIN, username="microseconds")
    return _live_counts()


def test_round_trip_into_a_second_database_keeps_every_row_file_and_microsecond(tmp_path, populated):
    live_files = media_hashes(live_media())
    assert populated["nominations_attachment"] >= 2 and len(live_files) >= 2
    archive = _backup(tmp_path)

    restored_media = tmp_path / "restored-media"
    with second_database(tmp_path) as (url, query):
        done = manage("restore", str(archive), database_url=url, media_root=restored_media)
        assert "Done." in done.stdout
        tables = populated.keys()
        assert {t: query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables} == populated
        stamps = "SELECT at FROM operations_auditevent ORDER BY id"
        assert _text(query(stamps)) == _live_query(stamps)
        moment = query("SELECT at FROM operations_auditevent WHERE username = 'microseconds'")[0][0]
        assert "08:30:15.123457" in str(moment) or "15:30:15.123457" in str(moment)
        created = "SELECT id, created_at, updated_at FROM nominations_nomination ORDER BY id"
        assert _text(query(created)) == _live_query(created)
        shas = "SELECT file, sha256 FROM nominations_attachment ORDER BY id"
        assert _text(query(shas)) == _live_query(shas)
    assert media_hashes(restored_media) == live_files


def test_manifest_lists_counts_hashes_migrations_and_time(tmp_path, populated):
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        names = tar.getnames()
    assert manifest["tables"] == populated
    assert manifest["vendor"] == connection.vendor
    assert ["operations", "0001_audit_log_and_worker_heartbeats"] in manifest["migrations"]
    assert datetime.datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    media = {
        e["name"].removeprefix("media/"): e["sha256"]
        for e in manifest["files"]
        if e["name"].startswith("media/")
    }
    assert media == media_hashes(live_media())
    assert names[-1] == MANIFEST and names[0].startswith("database/")


def _rewrite(archive: Path, target: Path, change) -> Path:
    """Copy an archive member by member, letting `change(name, data)` alter each."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def _restore_refused(archive: Path, tmp_path: Path) -> str:
    with second_database(tmp_path) as (url, query):
        done = manage("restore", str(archive), database_url=url, media_root=tmp_path / "m", check=False)
        assert done.returncode != 0
        # Refused before writing anything: the second database is still empty.
        if connection.vendor == "postgresql":
            assert query("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
        else:
            assert query("SELECT COUNT(*) FROM sqlite_master") == [(0,)]
    assert not (tmp_path / "m").exists()
    return done.stderr


def test_corrupted_media_file_is_named_and_refused(tmp_path, populated):
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        victim = next(n for n in tar.getnames() if n.startswith("media/"))

    def flip(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name == victim else data

    broken = _rewrite(archive, tmp_path / "broken.tar", flip)
    assert victim in _restore_refused(broken, tmp_path)


def test_truncated_archive_is_refused(tmp_path, populated):
    archive = _backup(tmp_path)
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert "manifest.json" in _restore_refused(truncated, tmp_path)


def test_archive_from_a_newer_schema_is_refused(tmp_path, populated):
    archive = _backup(tmp_path)

    def future(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].append(["awards", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    newer = _rewrite(archive, tmp_path / "newer.tar", future)
    assert "awards.9999_from_the_future" in _restore_refused(newer, tmp_path)


def test_database_in_use_is_refused_without_force(tmp_path, populated):
    archive = _backup(tmp_path)
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))
    assert _live_counts() == populated


def test_unwritable_destination_is_a_clear_error_and_leaves_nothing(tmp_path, populated):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError, match="Không ghi được"):
        call_command("backup", str(blocker / "backup.tar"))

    # A media file that cannot be read mid-archive: the partial archive is removed.
    folder = tmp_path / "out"
    folder.mkdir()
    dangling = live_media() / "attachments" / "zz-dangling.pdf"
    dangling.parent.mkdir(parents=True, exist_ok=True)
    dangling.symlink_to(tmp_path / "does-not-exist.pdf")
    try:
        with pytest.raises(CommandError):
            call_command("backup", str(folder / "backup.tar"))
    finally:
        dangling.unlink()
    assert list(folder.iterdir()) == []


def test_target_database_with_a_newer_schema_is_refused(tmp_path, populated):
    archive = _backup(tmp_path)

    def older(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].remove(["operations", "0001_audit_log_and_worker_heartbeats"])
        return json.dumps(manifest).encode()

    old = _rewrite(archive, tmp_path / "older.tar", older)
    with second_database(tmp_path) as (url, query):
        manage("migrate", "--noinput", database_url=url, media_root=tmp_path / "m")
        before = query("SELECT COUNT(*) FROM django_migrations")
        done = manage(
            "restore", str(old), "--force", database_url=url, media_root=tmp_path / "m", check=False
        )
        assert done.returncode != 0
        assert "operations.0001_audit_log_and_worker_heartbeats" in done.stderr
        assert query("SELECT COUNT(*) FROM django_migrations") == before
        assert query("SELECT COUNT(*) FROM awards_user") == [(0,)]
