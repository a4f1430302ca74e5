"""Backups that restore: one tar archive holding the database, the private media and a manifest.

archive.tar
├── database/db.sqlite3  or  database/db.dump   (SQLite online backup / pg_dump -Fc)
├── media/<every private file, by its storage name>
└── manifest.json        (written last: counts per table, SHA-256 and size of every
                          member, applied migrations, vendor, time)
"""


class BackupError(Exception):
    """A refusal the operator must read: the message says what and where."""
