"""An index for the people search: pg_trgm GIN on PostgreSQL, FTS5 trigram on SQLite
(`awards.search_index`); nothing on other databases. Indexes for the register lists' orders."""

from django.db import migrations, models

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

    operations = [
        migrations.RunPython(create, drop, elidable=False),
        migrations.AlterModelOptions(
            name="awardrecord",
            options={
                "ordering": ["-year", "-decision_date", "-id"],
                "verbose_name": "sổ khen thưởng",
                "verbose_name_plural": "sổ theo dõi khen thưởng",
            },
        ),
        migrations.AddIndex(
            model_name="awardrecord",
            index=models.Index(fields=["year", "decision_date", "id"], name="record_register_order"),
        ),
    ]
