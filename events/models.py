"""Event setup: the organisations, the events, their days and the partners behind them, and who runs the events:
organisers, their teams, the teams' members and the invitations to join them."""

from __future__ import annotations

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.i18n import Bilingual
from common.images import CleanImageField
from common.validators import ImageUploadValidator

from .enums import Area, AttendeeCategory, OrganizationKind, PartnerRole

# Top-level paths that an event slug must never shadow.
RESERVED_EVENT_SLUGS = frozenset(
    {
        "admin", "accounts", "healthz", "i18n", "language", "static", "media", "api", "me", "bench", "favicon.ico",
        "townhall",
    }
)  # fmt: skip


class Organization(models.Model):
    """A university, company, institute or government body; shared by every app."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    website = models.URLField(_("website"), blank=True)
    is_ai_graduate_school = models.BooleanField(_("AI graduate school"), default=False)
    is_verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_("Organisations typed in by attendees stay unverified until an organiser checks or merges them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_ko"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name_ko="", name_en=""), name="events_org_has_a_name"),
            models.UniqueConstraint(
                Lower("name_en"), condition=~models.Q(name_en=""), name="events_org_name_en_unique"
            ),
            models.UniqueConstraint("name_ko", condition=~models.Q(name_ko=""), name="events_org_name_ko_unique"),
        ]

    def __str__(self) -> str:
        return self.name


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_event_slug(value: str) -> None:
    if value in RESERVED_EVENT_SLUGS:
        raise ValidationError(_("“%(value)s” is reserved for the site itself."), params={"value": value})


validate_logo = ImageUploadValidator(max_bytes=1024 * 1024)


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)


class Event(models.Model):
    """One edition of the symposium; every public page lives under its slug."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[validate_event_slug])
    theme_ko = models.CharField(_("theme (Korean)"), max_length=300, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=300, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue_ko = models.CharField(_("venue (Korean)"), max_length=200)
    venue_en = models.CharField(_("venue (English)"), max_length=200)
    address_ko = models.CharField(_("address (Korean)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul", validators=[validate_time_zone])
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    is_published = models.BooleanField(_("published"), default=False)
    day_before_reminder_time = models.TimeField(
        _("day-before reminder at"),
        default=datetime.time(18, 0),
        help_text=_("Local time, the day before each attendance day, when attendees get their reminder."),
    )
    session_reminder_minutes = models.PositiveSmallIntegerField(_("session reminder, minutes before"), default=15)
    approval_categories = ArrayField(
        models.CharField(max_length=32, choices=AttendeeCategory.choices),
        verbose_name=_("categories that need approval"),
        default=list,
        blank=True,
        help_text=_("Registrations in these categories wait for an organiser's approval (e.g. press)."),
    )
    # Whose event it is: its teams decide who works on it (events.rules).
    organiser = models.ForeignKey(
        "Organiser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("event organiser"),
    )
    organisers = models.ManyToManyField(
        Organization, through="EventPartner", related_name="events", verbose_name=_("organisers")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Bilingual("name")
    theme = Bilingual("theme")
    description = Bilingual("description")
    venue = Bilingual("venue")
    address = Bilingual("address")

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="events_event_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_event_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self) -> list[datetime.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=offset) for offset in range(count)]

    def registration_is_open(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.registration_opens_at <= at < self.registration_closes_at


class EventPartner(models.Model):
    """An organisation standing behind an event as host, co-organiser or sponsor."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=PartnerRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    logo = CleanImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 1 MB."),
    )

    class Meta:
        verbose_name = _("organiser or sponsor")
        verbose_name_plural = _("organisers and sponsors")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organization", "role"], name="events_partner_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class EventDay(models.Model):
    """A day of an event with its capacity; the row every seat allocation locks."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_days")
    date = models.DateField(_("date"))
    capacity = models.PositiveIntegerField(_("capacity"))
    # Kept by the services under this row's lock; the check constraint makes
    # overbooking impossible even for code that forgets the lock.
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0, editable=False)
    next_queue_number = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("event day")
        verbose_name_plural = _("event days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="events_day_unique"),
            models.CheckConstraint(
                condition=models.Q(confirmed_count__lte=models.F("capacity")),
                name="events_day_within_capacity",
                violation_error_message=_("Capacity cannot be lower than the number of confirmed attendees."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {date_format(self.date, 'MONTH_DAY_FORMAT')}"

    def clean(self) -> None:
        super().clean()
        if self.event_id and self.date and not (self.event.start_date <= self.date <= self.event.end_date):
            raise ValidationError({"date": _("The day must fall within the event's dates.")})
        if self.pk and self.capacity is not None and self.capacity < self.confirmed_count:
            raise ValidationError(
                {
                    "capacity": _("%(count)s people are already confirmed for this day; cancel some first.")
                    % {"count": self.confirmed_count}
                }
            )


class DayQuota(models.Model):
    """Seats of a day held for one category (e.g. students); others cannot take them."""

    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="quotas")
    category = models.CharField(_("category"), max_length=32, choices=AttendeeCategory.choices)
    seats = models.PositiveIntegerField(_("seats held"))

    class Meta:
        verbose_name = _("seats held for a category")
        verbose_name_plural = _("seats held for categories")
        constraints = [
            models.UniqueConstraint(fields=["day", "category"], name="events_quota_unique"),
            models.CheckConstraint(condition=models.Q(seats__gt=0), name="events_quota_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.seats}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Organiser(models.Model):
    """An organisation that runs events (a ministry, an industry host, a council of schools)."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    name = Bilingual("name")

    class Meta:
        # Not plain "organiser", which names the admin access of an account (accounts.User.is_staff).
        verbose_name = _("event organiser")
        verbose_name_plural = _("event organisers")
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(Lower("name_en"), name="events_organiser_name_unique")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """People of one organiser who may work on some parts (areas) of some or all of its events."""

    organiser = models.ForeignKey(
        Organiser,
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("event organiser"),
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    all_events = models.BooleanField(
        _("all events"), default=False, help_text=_("Every event of the organiser, present and future.")
    )
    # Only the organiser's own events: a trigger (migration 0002) refuses any other.
    events = models.ManyToManyField(Event, blank=True, related_name="teams", verbose_name=_("events"))
    areas = ArrayField(
        models.CharField(max_length=32, choices=Area.choices),
        verbose_name=_("permissions"),
        default=list,
        blank=True,
        help_text=_("The parts of the events the members may see and change."),
    )

    name = Bilingual("name")

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organiser__name_en", "name_en"]
        constraints = [
            models.UniqueConstraint("organiser", Lower("name_en"), name="events_team_name_unique"),
            models.CheckConstraint(condition=models.Q(areas__contained_by=Area.values), name="events_team_known_areas"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.organiser}"


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships", verbose_name=_("user")
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="events_membership_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.team}"


class TeamInvitation(models.Model):
    """An address asked to join a team; it joins once an account with that address is verified."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("team"))
    email = models.EmailField(_("email"))
    # Invited people may have no account yet, so the invitation's language is chosen here.
    language = models.CharField(
        _("invitation language"), max_length=8, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        constraints = [
            models.UniqueConstraint(
                "team", Lower("email"), condition=models.Q(accepted_at__isnull=True), name="events_invitation_open_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.team}"
