"""How each award type's certificate prints its register number ("Số: 12/BK")."""

from django.db import migrations, models


def suffixes(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    AwardType.objects.filter(code="merit_chairman", register_suffix="").update(register_suffix="BK")


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_initial_catalogue")]

    operations = [
        migrations.AddField(
            model_name="awardtype",
            name="register_suffix",
            field=models.CharField(blank=True, max_length=20, verbose_name="ký hiệu số vào sổ"),
        ),
        migrations.RunPython(suffixes, migrations.RunPython.noop),
    ]
