import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

import booths.demo
import events.demo
import registration.demo
import sessions.demo
import townhall.demo
from registration.demo_accounts import DEMO_EVENT_SLUG
from registration.models import Event

# Each app contributes its part of the demo; upstream apps load first.
DEMO_LOADERS = [registration.demo.load, events.demo.load, sessions.demo.load, booths.demo.load, townhall.demo.load]


class Command(BaseCommand):
    help = (
        "Loads the demo symposium. Running it again only creates what is missing: it never changes "
        "what exists, so organisers' edits (and the event's dates) stay as they are."
    )

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
        event = Event.objects.get(slug=DEMO_EVENT_SLUG)
        if start_date and event.start_date != first_day:
            self.stdout.write(
                self.style.WARNING(
                    f"The demo event already exists and keeps its dates; `make clean-data` starts it afresh "
                    f"on {first_day:%Y-%m-%d}."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"Demo event '{DEMO_EVENT_SLUG}' loaded, starting {event.start_date:%Y-%m-%d}.")
        )
