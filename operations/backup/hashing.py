from __future__ import annotations

import hashlib
from typing import BinaryIO

CHUNK = 1024 * 1024


class HashingReader:
    """Wraps a file: whatever tarfile reads through it is hashed and counted."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    @property
    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def sha256_of(stream: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
