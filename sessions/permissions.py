"""Which area of an event each programme model belongs to, for events.rules."""

from events.enums import Area
from events.rules import register_event_model

from .models import AgendaFeed, AgendaItem, ProgrammeSession, Room, SeatReservation, SessionSpeaker, Speaker, Track


def register() -> None:
    for model in (Room, Track, Speaker, ProgrammeSession, AgendaFeed):
        register_event_model(model, area=Area.PROGRAMME, event_path="event")
    for model in (SessionSpeaker, AgendaItem, SeatReservation):
        register_event_model(model, area=Area.PROGRAMME, event_path="session__event")
