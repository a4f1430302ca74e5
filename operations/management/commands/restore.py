from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError
from operations.backup.archive import restore_backup


class Command(BaseCommand):
    help = (
        "Check a backup archive (every hash, the schema), restore it into the configured "
        "database and media storage, then check the row counts and files against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="archive written by `manage.py backup`")
        parser.add_argument("--force", action="store_true", help="replace a database that already has users")

    def handle(self, *args, src: str, force: bool, **options):
        started = time.monotonic()
        try:
            manifest = restore_backup(Path(src), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{src}: {exc.strerror or exc}") from exc
        self.stdout.write(
            f"restored {src} (made {manifest['created_at']}): {len(manifest['tables'])} tables "
            f"and {len(manifest['files']) - 1} media files match the manifest, "
            f"{time.monotonic() - started:.1f} s. Done."
        )
