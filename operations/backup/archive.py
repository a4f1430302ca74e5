"""Write a backup archive, and check and restore one."""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from awards import clock
from operations.backup import BackupError, databases
from operations.backup.hashing import HashingReader, sha256_of
from operations.backup.media import media_names, write_exact

FORMAT = "thidua-backup/1"
MANIFEST = "manifest.json"


# --- writing -------------------------------------------------------------------------------


def archive_path(dest: Path) -> Path:
    """DEST may name the archive or a folder (then a timestamped name inside it)."""
    if dest.is_dir():
        dest = dest / f"thidua-{clock.now():%Y%m%d-%H%M%S}.tar"
    if dest.exists():
        raise BackupError(_("Tệp %(path)s đã có; không ghi đè.") % {"path": dest})
    folder = dest.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise BackupError(_("Không ghi được vào thư mục %(path)s.") % {"path": folder})
    return dest


def _add(tar: tarfile.TarFile, name: str, stream, size: int) -> dict:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(clock.now().timestamp())
    reader = HashingReader(stream)
    tar.addfile(info, reader)
    return {"name": name, "size": reader.size, "sha256": reader.hexdigest}


def _add_media(tar: tarfile.TarFile) -> list[dict]:
    members = []
    for name in media_names():
        with default_storage.open(name, "rb") as stream:
            members.append(_add(tar, f"media/{name}", stream, default_storage.size(name)))
    return members


def create_backup(dest: Path) -> tuple[Path, dict]:
    """Database first (a snapshot), then media: every file a dumped row names is there."""
    target = archive_path(dest)
    partial = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial", delete=False
    )
    partial.close()
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as staging:
            dump_file = Path(staging) / "db"
            counts, migrations = databases.dump(dump_file)
            with tarfile.open(partial.name, "w", format=tarfile.PAX_FORMAT) as tar:
                with dump_file.open("rb") as stream:
                    files = [_add(tar, databases.dump_name(), stream, dump_file.stat().st_size)]
                dump_file.unlink()
                files += _add_media(tar)
                manifest = {
                    "format": FORMAT,
                    "created_at": clock.now().isoformat(),
                    "vendor": connection.vendor,
                    "tables": counts,
                    "migrations": migrations,
                    "files": files,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(tar, MANIFEST, io.BytesIO(body), len(body))
            with open(partial.name, "rb") as written:
                os.fsync(written.fileno())
        os.replace(partial.name, target)
    except BaseException:
        Path(partial.name).unlink(missing_ok=True)
        raise
    return target, manifest


# --- checking ------------------------------------------------------------------------------


def _open(source: Path) -> tarfile.TarFile:
    if not source.is_file():
        raise BackupError(_("Không có tệp sao lưu %(path)s.") % {"path": source})
    try:
        return tarfile.open(source, "r:")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("Tệp sao lưu hỏng hoặc không đọc được: %(path)s.") % {"path": source}) from exc


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(_("Tệp sao lưu thiếu bản kê (manifest.json) hoặc bản kê hỏng.")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("Tệp sao lưu không đúng định dạng."))
    return manifest


def _check_member(tar: tarfile.TarFile, entry: dict) -> None:
    name = entry["name"]
    bad = _("Tệp %(name)s trong bản sao lưu bị hỏng hoặc thiếu.") % {"name": name}
    try:
        stream = tar.extractfile(tar.getmember(name))
        digest, size = sha256_of(stream)
    except (KeyError, tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(bad) from exc
    if (digest, size) != (entry["sha256"], entry["size"]):
        raise BackupError(bad)


def verify_archive(tar: tarfile.TarFile, manifest: dict) -> None:
    """Every member hashes to its manifest line, in archive order; nothing unlisted."""
    listed = {entry["name"] for entry in manifest["files"]}
    for entry in manifest["files"]:
        _check_member(tar, entry)
    for name in tar.getnames():
        if name not in listed and name != MANIFEST:
            raise BackupError(_("Tệp %(name)s không có trong bản kê.") % {"name": name})


def check_schema(manifest: dict) -> None:
    """Refuse an archive whose database knows migrations this code does not (newer schema)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, name in manifest["migrations"]:
        if (app, name) not in known:
            raise BackupError(
                _("Bản sao lưu có lược đồ mới hơn mã đang chạy (migration %(app)s.%(name)s).")
                % {"app": app, "name": name}
            )


def check_target_schema(manifest: dict) -> None:
    """Refuse a target database whose schema is newer than the archive's: its extra
    tables would survive the restore and the next `migrate` would trip over them."""
    if "django_migrations" not in databases.current_tables():
        return
    archived = {tuple(pair) for pair in manifest["migrations"]}
    with connection.cursor() as cursor:
        newer = [pair for pair in databases.applied_migrations(cursor) if tuple(pair) not in archived]
    if newer:
        raise BackupError(
            _(
                "Cơ sở dữ liệu đích có lược đồ mới hơn bản sao lưu (migration %(app)s.%(name)s); "
                "hãy phục hồi vào một cơ sở dữ liệu trống rồi chạy migrate."
            )
            % {"app": newer[0][0], "name": newer[0][1]}
        )


def database_in_use() -> bool:
    """In use = its user table has a row (a database someone worked in has at least one)."""
    table = get_user_model()._meta.db_table
    if table not in databases.current_tables():
        return False
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608 - model's own table name
        return cursor.fetchone() is not None


# --- restoring -----------------------------------------------------------------------------


def _restore_media(tar: tarfile.TarFile, manifest: dict) -> None:
    for entry in manifest["files"]:
        if entry["name"].startswith("media/"):
            write_exact(entry["name"].removeprefix("media/"), tar.extractfile(entry["name"]))


def check_restored(manifest: dict) -> None:
    counts = databases.current_counts()
    for table, expected in sorted(manifest["tables"].items()):
        if counts.get(table) != expected:
            raise BackupError(
                _("Bảng %(table)s có %(found)s dòng sau khi phục hồi, bản kê ghi %(expected)s.")
                % {"table": table, "found": counts.get(table), "expected": expected}
            )
    for entry in manifest["files"]:
        if not entry["name"].startswith("media/"):
            continue
        name = entry["name"].removeprefix("media/")
        with default_storage.open(name, "rb") as stream:
            if sha256_of(stream) != (entry["sha256"], entry["size"]):
                raise BackupError(_("Tệp %(name)s sau khi phục hồi không khớp bản kê.") % {"name": name})


def restore_backup(source: Path, *, force: bool = False) -> dict:
    with _open(source) as tar:
        manifest = read_manifest(tar)
        verify_archive(tar, manifest)
        check_schema(manifest)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                _("Bản sao lưu của %(archive)s, không phục hồi vào %(vendor)s.")
                % {"archive": manifest["vendor"], "vendor": connection.vendor}
            )
        check_target_schema(manifest)
        if not force and database_in_use():
            raise BackupError(_("Cơ sở dữ liệu đích đã có dữ liệu; dùng --force để ghi đè."))
        with tempfile.TemporaryDirectory(prefix="thidua-restore-") as staging:
            dump_file = Path(staging) / "db"
            with dump_file.open("wb") as out:
                out.write(b"")
                member = tar.extractfile(databases.dump_name())
                while chunk := member.read(1024 * 1024):
                    out.write(chunk)
            databases.restore(dump_file)
        _restore_media(tar, manifest)
    check_restored(manifest)
    return manifest
