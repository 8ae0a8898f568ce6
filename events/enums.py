from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    PUBLIC_INSTITUTE = "public_institute", _("Public institute")
    GOVERNMENT = "government", _("Government body")
    STARTUP = "startup", _("Start-up")


class PartnerRole(models.TextChoices):
    """How an organisation stands behind an event, in the order the home page lists them."""

    HOST = "host", _("Host")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    SPONSOR = "sponsor", _("Sponsor")
    EXHIBITOR = "exhibitor", _("Exhibitor")


class AttendeeCategory(models.TextChoices):
    STUDENT = "student", _("Student")
    FACULTY = "faculty", _("Faculty")
    RESEARCHER = "researcher", _("Researcher")
    INDUSTRY = "industry", _("Industry")
    GOVERNMENT = "government", _("Government")
    PUBLIC_INSTITUTE = "public_institute", _("Public institute")
    PRESS = "press", _("Press")
    STARTUP = "startup", _("Start-up")
    OTHER = "other", _("Other")


CATEGORIES_WITH_GRADUATE_SCHOOL = frozenset({AttendeeCategory.STUDENT, AttendeeCategory.FACULTY})


class Area(models.TextChoices):
    """The parts of an event a team may be given; each app says which of its models belong to which."""

    EVENT_SETTINGS = "event_settings", _("Event settings")
    REGISTRATIONS = "registrations", _("Registrations and attendees")
    PROGRAMME = "programme", _("Programme")
    BOOTHS = "booths", _("Booths and sponsors")
    TOWNHALL = "townhall", _("Townhall")
    CHALLENGE = "challenge", _("AI Graduate School Challenge")
    EMAILS = "emails", _("Emails and announcements")
    CHECK_IN = "check_in", _("Check-in only")
