import datetime
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


def demo_loaders():
    """Each app's part of the demo (its `demo.load`), in INSTALLED_APPS order, so upstream apps load first.

    Found by convention rather than imported here, so that common knows no app above it.
    """
    loaders = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is not None:
            module = importlib.import_module(module_name)
            if callable(getattr(module, "load", None)):
                loaders.append(module.load)
    return loaders


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
        # The event's own loader answers with the event; the others add to it.
        loaded = [load(start_date=first_day) for load in demo_loaders()]
        event = next(result for result in loaded if result is not None)
        if start_date and event.start_date != first_day:
            self.stdout.write(
                self.style.WARNING(
                    f"The demo event already exists and keeps its dates; `make clean-data` starts it afresh "
                    f"on {first_day:%Y-%m-%d}."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"Demo event '{event.slug}' loaded, starting {event.start_date:%Y-%m-%d}.")
        )
