from __future__ import annotations

import datetime
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
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

from .enums import (
    AnnouncementSegment,
    AttendeeCategory,
    CheckInKind,
    ConsentKind,
    DayStatus,
    OrganizationKind,
    PartnerRole,
)

# Top-level paths that an event slug must never shadow.
RESERVED_EVENT_SLUGS = frozenset(
    {
        "admin", "accounts", "healthz", "i18n", "language", "static", "media", "api", "me", "bench", "favicon.ico",
        "townhall",
    }
)  # fmt: skip


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in; the email address is the login."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    is_staff = models.BooleanField(_("organiser"), default=False, help_text=_("Can sign in to the organisers' admin."))
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("ko", "한국어"), ("en", "English")],
        default="ko",
        help_text=_("Emails are written in this language."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="registration_user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


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
            models.CheckConstraint(condition=~models.Q(name_ko="", name_en=""), name="registration_org_has_a_name"),
            models.UniqueConstraint(
                Lower("name_en"), condition=~models.Q(name_en=""), name="registration_org_name_en_unique"
            ),
            models.UniqueConstraint("name_ko", condition=~models.Q(name_ko=""), name="registration_org_name_ko_unique"),
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
        "events.Organiser",
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
                name="registration_event_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="registration_event_window_ordered",
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
            models.UniqueConstraint(fields=["event", "organization", "role"], name="registration_partner_unique"),
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
            models.UniqueConstraint(fields=["event", "date"], name="registration_day_unique"),
            models.CheckConstraint(
                condition=models.Q(confirmed_count__lte=models.F("capacity")),
                name="registration_day_within_capacity",
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
            models.UniqueConstraint(fields=["day", "category"], name="registration_quota_unique"),
            models.CheckConstraint(condition=models.Q(seats__gt=0), name="registration_quota_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.seats}"


class AttendeeProfile(models.Model):
    """What an attendee tells us about themselves, once, for every event."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="attendee_profile")
    full_name = models.CharField(_("name as on the badge"), max_length=100, help_text=_("Korean and/or Latin script."))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    category = models.CharField(_("category"), max_length=32, choices=AttendeeCategory.choices)
    graduate_school = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="graduate_school_members",
        null=True,
        blank=True,
        limit_choices_to={"is_ai_graduate_school": True},
        verbose_name=_("AI graduate school"),
    )
    position = models.CharField(_("position or title"), max_length=100, blank=True)
    research_interests = ArrayField(
        models.CharField(max_length=50), verbose_name=_("research interests"), default=list, blank=True
    )
    open_to_job_offers = models.BooleanField(_("open to job offers"), default=False)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    wants_day_before_reminder = models.BooleanField(_("reminder the day before"), default=True)
    wants_session_reminders = models.BooleanField(_("reminders before sessions in my agenda"), default=True)
    wants_consultation_reminders = models.BooleanField(_("reminders before my consultations"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendee profile")
        verbose_name_plural = _("attendee profiles")

    def __str__(self) -> str:
        return self.full_name


class Consent(models.Model):
    """One grant or withdrawal for one event, never edited: the latest row per event and kind is in force.

    A consent belongs to the event whose texts the person saw (the sharing text
    names that event's exhibitors), so each new event asks again.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    # PROTECT: the record of what a person agreed to outlives no event by accident (registrations protect it too).
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="consents", verbose_name=_("event"))
    kind = models.CharField(_("consent"), max_length=32, choices=ConsentKind.choices)
    granted = models.BooleanField(_("granted"))
    text_version = models.CharField(_("text version"), max_length=32)
    recipients = models.TextField(_("recipients named in the text"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["user", "event", "kind", "-recorded_at"], name="registration_consent_in_force")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {_('given') if self.granted else _('not given')}"


class Registration(models.Model):
    """A person's registration for one event, with the days they chose."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    # Set to NULL when the account is deleted, so the anonymous counts survive.
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations")
    category = models.CharField(_("category"), max_length=32, choices=AttendeeCategory.choices)
    badge_code = models.CharField(_("badge code"), max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(cancelled_at__isnull=True),
                name="registration_one_live_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.badge_code} · {self.event}"

    @property
    def grouped_badge_code(self) -> str:
        """The code in groups of four (`ABCD EFGH JKMN PQRS`), to read out and type; scanners take either form."""
        code = self.badge_code or ""
        return " ".join(code[start : start + 4] for start in range(0, len(code), 4))

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class RegistrationDay(models.Model):
    """Where one registration stands for one day: confirmed, waitlisted, pending..."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="days")
    day = models.ForeignKey(EventDay, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("status"), max_length=16, choices=DayStatus.choices)
    # Order on the day's waitlist; handed out under the day's row lock.
    queue_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("registered day")
        verbose_name_plural = _("registered days")
        ordering = ["day__date"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="registration_day_once"),
            models.UniqueConstraint(
                fields=["day", "queue_number"],
                condition=models.Q(queue_number__isnull=False),
                name="registration_queue_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["day", "status", "queue_number"], name="registration_day_queue")]

    def __str__(self) -> str:
        return f"{date_format(self.day.date, 'MONTH_DAY_FORMAT')}: {self.get_status_display()}"


class Announcement(models.Model):
    """A message from the organisers to a segment of attendees, sent through the outbox."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements")
    segment = models.CharField(_("to"), max_length=32, choices=AnnouncementSegment.choices)
    day = models.ForeignKey(
        EventDay, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("day"), related_name="+"
    )
    subject_ko = models.CharField(_("subject (Korean)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_ko = models.TextField(_("message (Korean)"))
    body_en = models.TextField(_("message (English)"))
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    queued_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(segment="confirmed_on_day", day__isnull=False)
                | (~models.Q(segment="confirmed_on_day") & models.Q(day__isnull=True)),
                name="registration_announcement_day_iff_day_segment",
                violation_error_message=_("Choose a day for “everyone confirmed on one day”, and only then."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject_ko


class CheckInRole(models.Model):
    """A person who may scan badges at the entrance (or the townhall door), and do nothing else."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="check_in_roles")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="check_in_roles")
    kind = models.CharField(_("where"), max_length=16, choices=CheckInKind.choices)

    class Meta:
        verbose_name = _("check-in role")
        verbose_name_plural = _("check-in roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "kind"], name="registration_check_in_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


class EntranceCheckIn(models.Model):
    """An attendee admitted at the entrance on one day: once per day."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="check_ins")
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="check_ins")
    checked_in_at = models.DateTimeField(_("checked in at"))
    client_nonce = models.CharField(max_length=64, unique=True)
    scanned_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("entrance check-in")
        verbose_name_plural = _("entrance check-ins")
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="registration_check_in_once_a_day")]

    def __str__(self) -> str:
        return f"{self.registration_id} · {self.day}"
