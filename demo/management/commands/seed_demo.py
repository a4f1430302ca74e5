"""manage.py seed_demo: load the demo province (idempotent; refused when DEBUG is off)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import province as demo


class Command(BaseCommand):
    help = "Load the demo province: its founding year walked through the workflow, and one user per role."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates users with a known password and runs only with DEBUG=1 "
                "(a laptop, never a server)."
            )
        built = demo.seed(password=settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo province loaded (tỉnh Bắc Ninh, năm 2023)."))
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD}):")
        for username, full_name, roles, _org in demo.USERS:
            role_text = ", ".join(demo.ROLE_LABELS[r] for r in roles)
            self.stdout.write(f"  {username:<12} {full_name} — {role_text}")
        self.stdout.write(f"  ({len(built.users)} users)")
