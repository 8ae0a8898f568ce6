from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The parts of an event a team may be given; each app says which of its models belong to which."""

    EVENT_SETTINGS = "event_settings", _("Event settings")
    REGISTRATIONS = "registrations", _("Registrations and attendees")
    PROGRAMME = "programme", _("Programme")
    BOOTHS = "booths", _("Booths and sponsors")
    TOWNHALL = "townhall", _("Townhall")
    EMAILS = "emails", _("Emails and announcements")
    CHECK_IN = "check_in", _("Check-in only")
