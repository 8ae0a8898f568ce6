import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

import booths.demo
import registration.demo
import sessions.demo
import townhall.demo

# Each app contributes its part of the demo; upstream apps load first.
DEMO_LOADERS = [registration.demo.load, sessions.demo.load, booths.demo.load, townhall.demo.load]


class Command(BaseCommand):
    help = "Loads the demo symposium (idempotent: running it again adds no rows)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--start-date",
            help="First day of the demo event, YYYY-MM-DD (default: 14 days from today).",
        )

    def handle(self, *args, start_date=None, **options):
        if start_date:
            try:
                first_day = datetime.date.fromisoformat(start_date)
            except ValueError:
                raise CommandError(f"--start-date must be a date written YYYY-MM-DD, not {start_date!r}.") from None
        else:
            first_day = timezone.localdate() + datetime.timedelta(days=14)
        for load in DEMO_LOADERS:
            load(start_date=first_day)
        self.stdout.write(self.style.SUCCESS(f"Demo event 'aigs-demo' loaded, starting {first_day:%Y-%m-%d}."))
