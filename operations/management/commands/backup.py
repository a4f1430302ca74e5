from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError
from operations.backup.archive import create_backup


class Command(BaseCommand):
    help = "Write one backup archive: database, private media and a manifest (safe while serving)."

    def add_arguments(self, parser):
        parser.add_argument("dest", help="archive file to create, or a folder to create it in")

    def handle(self, *args, dest: str, **options):
        started = time.monotonic()
        try:
            path, manifest = create_backup(Path(dest))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{dest}: {exc.strerror or exc}") from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{path}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files']) - 1} media files, {path.stat().st_size} bytes, "
            f"{time.monotonic() - started:.1f} s"
        )
