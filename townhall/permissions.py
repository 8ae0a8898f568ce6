"""Which area of an event each townhall model belongs to, for events.rules."""

from events.enums import Area
from events.rules import register_event_model

from .models import Guest, Table, Townhall


def register() -> None:
    register_event_model(Townhall, area=Area.TOWNHALL, event_path="event")
    register_event_model(Table, area=Area.TOWNHALL, event_path="townhall__event")
    register_event_model(Guest, area=Area.TOWNHALL, event_path="townhall__event")
