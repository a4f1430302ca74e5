"""An index for the people search: pg_trgm GIN on PostgreSQL, FTS5 trigram on SQLite
(`awards.search_index`); nothing on other databases."""

from django.db import migrations

from awards import search_index


def _statements(schema_editor, *, create: bool) -> list[str]:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        return search_index.POSTGRES_CREATE if create else search_index.POSTGRES_DROP
    if vendor == "sqlite":
        return search_index.SQLITE_CREATE if create else search_index.SQLITE_DROP
    return []


def create(apps, schema_editor):
    for sql in _statements(schema_editor, create=True):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in _statements(schema_editor, create=False):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_merge_printing_register_decisions")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
