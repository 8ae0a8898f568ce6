"""Which area of an event each booth model belongs to, for events.rules."""

from events.enums import Area
from events.rules import register_event_model

from .models import Booth, BoothStaff, ConsultationBooking, ConsultationSlot, DeviceToken, JobOpening, TechDemo, Visit


def register() -> None:
    register_event_model(Booth, area=Area.BOOTHS, event_path="event")
    for model in (TechDemo, JobOpening, BoothStaff, DeviceToken, Visit, ConsultationSlot):
        register_event_model(model, area=Area.BOOTHS, event_path="booth__event")
    register_event_model(ConsultationBooking, area=Area.BOOTHS, event_path="slot__booth__event")
