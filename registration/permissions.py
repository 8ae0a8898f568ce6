"""Which area of an event each registration model belongs to, for events.rules."""

from events.enums import Area
from events.models import DayQuota, EventDay, EventPartner, Organization
from events.rules import register_event_model, register_shared_model
from people.models import AttendeeProfile, Consent

from .models import CheckInRole, EntranceCheckIn, Registration, RegistrationDay


def register() -> None:
    register_event_model(EventDay, area=Area.EVENT_SETTINGS, event_path="event")
    register_event_model(DayQuota, area=Area.EVENT_SETTINGS, event_path="day__event")
    register_event_model(EventPartner, area=Area.EVENT_SETTINGS, event_path="event")
    # Companies and schools are shared by every event: members who pick them (partners, booths, speakers, the
    # challenge's data provider and teams' schools) may see and add them; changing or merging one changes it for
    # everyone, so that stays with superusers.
    register_shared_model(
        Organization,
        areas=(Area.EVENT_SETTINGS, Area.BOOTHS, Area.PROGRAMME, Area.REGISTRATIONS, Area.CHALLENGE),
        actions=("view", "add"),
    )
    register_event_model(Registration, area=Area.REGISTRATIONS, event_path="event")
    register_event_model(RegistrationDay, area=Area.REGISTRATIONS, event_path="registration__event")
    register_event_model(AttendeeProfile, area=Area.REGISTRATIONS, event_path="user__registrations__event")
    register_event_model(Consent, area=Area.REGISTRATIONS, event_path="event")
    register_event_model(CheckInRole, area=Area.REGISTRATIONS, event_path="event")
    register_event_model(EntranceCheckIn, area=Area.REGISTRATIONS, event_path="day__event")
