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


class ConsentKind(models.TextChoices):
    EVENT_PROCESSING = "event_processing", _("Collection and use to run the event (required)")
    SHARE_WITH_BOOTHS = "share_with_booths", _("Sharing with exhibitors whose booths you visit (optional)")
    ORGANISER_NEWS = "organiser_news", _("News from the organisers (optional)")


class DayStatus(models.TextChoices):
    """Where one registration stands for one day of the event."""

    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")


class AnnouncementSegment(models.TextChoices):
    ALL_CONFIRMED = "all_confirmed", _("Everyone confirmed for the event")
    CONFIRMED_ON_DAY = "confirmed_on_day", _("Everyone confirmed on one day")
    WAITLISTED = "waitlisted", _("Everyone on a waitlist")
    NEWS_SUBSCRIBERS = "news_subscribers", _("Registered people who asked for the organisers' news")
    # Answered by the booths app through the collect_announcement_recipients signal.
    BOOTH_STAFF = "booth_staff", _("Everyone staffing a booth")
    # Answered by the townhall app.
    TOWNHALL_ACCEPTED = "townhall_accepted", _("Townhall guests who accepted")
