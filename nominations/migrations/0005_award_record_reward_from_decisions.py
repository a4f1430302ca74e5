"""Register lines written by decisions before they carried their money: copy it from the annex."""

from django.db import migrations


def copy_amounts(apps, schema_editor):
    AwardRecord = apps.get_model("awards", "AwardRecord")
    DecisionItem = apps.get_model("nominations", "DecisionItem")
    amounts = dict(
        DecisionItem.objects.filter(amount__isnull=False, decision__status__in=["issued", "revoked"])
        .values_list("nomination_id", "amount")
    )
    for record in AwardRecord.objects.filter(nomination_id__in=list(amounts), reward_amount=0):
        record.reward_amount = amounts[record.nomination_id]
        record.save(update_fields=["reward_amount"])


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0004_event_times_from_service_clock"),
        ("awards", "0004_register_ratings_position_group_reward"),
    ]

    operations = [migrations.RunPython(copy_amounts, migrations.RunPython.noop)]
