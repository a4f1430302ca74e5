"""The people search through an index, the same answers as `search_key LIKE '%key%'`.

`Person.search_key` (lower case, no marks, đ → d: `awards.text.search_key`) is
indexed for substring search so that a search at 100,000 people does not read
every row:

* PostgreSQL: a `pg_trgm` GIN index on the key; Django's `contains` (LIKE
  '%key%') uses it as it is.
* SQLite: an FTS5 table with the trigram tokenizer over the same key, kept in
  step by triggers (every write path, bulk ones included, goes through them);
  a phrase query answers the substring match. Keys shorter than three letters
  have no trigram and fall back to LIKE.

Both are created by migration `awards.0006_search_and_register_indexes`.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

_TRIGRAM = 3

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS awards_person_search USING fts5("
    "search_key, content='awards_person', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS awards_person_search_ai AFTER INSERT ON awards_person BEGIN "
    "INSERT INTO awards_person_search(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS awards_person_search_ad AFTER DELETE ON awards_person BEGIN "
    "INSERT INTO awards_person_search(awards_person_search, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS awards_person_search_au AFTER UPDATE OF search_key ON awards_person BEGIN "
    "INSERT INTO awards_person_search(awards_person_search, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO awards_person_search(rowid, search_key) VALUES (new.id, new.search_key); END",
    "INSERT INTO awards_person_search(awards_person_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS awards_person_search_ai",
    "DROP TRIGGER IF EXISTS awards_person_search_ad",
    "DROP TRIGGER IF EXISTS awards_person_search_au",
    "DROP TABLE IF EXISTS awards_person_search",
]
POSTGRES_CREATE = [
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_trgm ON awards_person USING gin (search_key gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS person_search_trgm"]


def _phrase(key: str) -> str:
    """An FTS5 phrase: the key as one quoted string (a quote doubled)."""
    return '"' + key.replace('"', '""') + '"'


def people_matching(queryset: QuerySet, key: str) -> QuerySet:
    """People whose search key contains `key` (already a `search_key`)."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite" and len(key) >= _TRIGRAM:
        # A fixed statement; the user's words travel as a parameter.
        matches = RawSQL(
            "SELECT rowid FROM awards_person_search WHERE awards_person_search MATCH %s", (_phrase(key),)
        )
        return queryset.filter(pk__in=matches)
    return queryset.filter(search_key__contains=key)
