"""Person sort keys written again: numbers in a name now sort by value, before letters."""

from django.db import migrations

BATCH = 2000


def rewrite_sort_keys(apps, schema_editor):
    from awards.text import vietnamese_sort_key

    Person = apps.get_model("awards", "Person")
    # Only names with a digit or a character outside the alphabet get a different key.
    changed = []
    rows = Person.objects.values_list("pk", "full_name", "sort_key")
    for pk, full_name, old in rows.iterator(chunk_size=BATCH):
        new = vietnamese_sort_key(full_name)
        if new != old:
            changed.append(Person(pk=pk, sort_key=new))
        if len(changed) >= BATCH:
            Person.objects.bulk_update(changed, ["sort_key"])
            changed = []
    Person.objects.bulk_update(changed, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_search_and_register_indexes")]

    operations = [migrations.RunPython(rewrite_sort_keys, migrations.RunPython.noop)]
