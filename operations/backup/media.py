"""Private media through the storage API, so local disk and S3 back up the same way."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage

# Probes written by /readyz are not data.
_SKIPPED_FOLDERS = {"readyz"}


def media_names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        if not folder and sub in _SKIPPED_FOLDERS:
            continue
        yield from media_names(storage, f"{folder}/{sub}" if folder else sub)


def write_exact(name: str, stream, storage: Storage | None = None) -> None:
    """Store under exactly `name` (storages rename on collision, so replace first)."""
    storage = storage or default_storage
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(stream, name=name))
    if saved != name:
        raise OSError(f"storage saved {name} as {saved}")
