"""`manage.py seed_demo`: build or refresh the demo council (`make run` runs it every time)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from practiceweek.demo import demo_seed


class Command(BaseCommand):
    help = (
        "Build or refresh a believable demo council: services, teams, people, case files and "
        "two practice weeks (one closed, one live this week). Safe to run again: it updates "
        "what is there instead of adding more."
    )

    def handle(self, *args: object, **options: object) -> None:
        # The demo makes `admin` and 80 accounts with a published password: never on a real
        # council's database by accident. Read here, not from settings, so only the shell that
        # runs the command (as `make run` does) can allow it.
        if os.environ.get("DEMO", "").strip().lower() != "true":
            raise CommandError(
                "seed_demo builds demo accounts with a published password: it runs only when "
                "the environment sets DEMO=true (make run does). Nothing was written."
            )
        summary = demo_seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {settings.COUNCIL_NAME}:"))
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"\nEvery demo account's password: {summary.password}")
        self.stdout.write("Log in as, for example:")
        for username, who in summary.logins:
            self.stdout.write(f"  {username:<24} {who}")
