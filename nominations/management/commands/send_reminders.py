"""`manage.py send_reminders`: deadline and vote reminders, each sent once (run hourly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from nominations.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Remind units of drafts or nothing submitted 7 and 2 days before a period closes, and "
        "council members who have not voted the day before the meeting. Idempotent: run it hourly."
    )

    def handle(self, *args, **options):
        outcome = send_reminders()
        self.stdout.write(
            f"deadline reminders: {outcome.deadline}, vote reminders: {outcome.vote}, "
            f"already sent: {outcome.skipped}"
        )
