from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.db import TsTzRange
from common.i18n import Bilingual
from common.images import CleanImageField
from events.models import Event, Organization, validate_logo
from registration.models import Registration

from .enums import StaffRole, Technology


class Booth(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    number = models.CharField(_("booth number"), max_length=20)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    hall_ko = models.CharField(_("hall (Korean)"), max_length=100, blank=True)
    hall = models.CharField(_("hall (English)"), max_length=100, blank=True)
    position_ko = models.CharField(_("position in the hall (Korean)"), max_length=100, blank=True)
    position = models.CharField(_("position in the hall (English)"), max_length=100, blank=True)
    logo = CleanImageField(
        _("logo"),
        upload_to="booth-logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 1 MB."),
    )
    technologies = ArrayField(
        models.CharField(max_length=32, choices=Technology.choices),
        verbose_name=_("technologies shown"),
        default=list,
        blank=True,
    )
    companies = models.ManyToManyField(Organization, related_name="booths", verbose_name=_("companies"))
    is_published = models.BooleanField(_("published"), default=False)

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="booths_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def location(self) -> str:
        """Hall and position in the page's language, falling back to the other language's words."""
        korean = (get_language() or "ko").startswith("ko")
        hall = (self.hall_ko or self.hall) if korean else (self.hall or self.hall_ko)
        position = (self.position_ko or self.position) if korean else (self.position or self.position_ko)
        return " · ".join(part for part in (hall, position) if part)

    @property
    def initials(self) -> str:
        """Shown where the booth has no logo: a short first word (LG, KT), else the first letters of its first two
        words in Latin script, or the first syllable in Hangul."""
        words = self.name.split() or [self.number]
        first = words[0]
        if len(first) <= 3 and first.isascii():
            return first.upper()
        if first[0].isascii():
            return "".join(word[0] for word in words[:2]).upper()
        return first[0]

    def technology_labels(self) -> list[str]:
        return [Technology(value).label for value in self.technologies if value in Technology.values]


class TechDemo(models.Model):
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="demos")
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    title = Bilingual("title")
    description = Bilingual("description")

    class Meta:
        verbose_name = _("technology demo")
        verbose_name_plural = _("technology demos")

    def __str__(self) -> str:
        return self.title


class JobOpening(models.Model):
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(_("title"), max_length=200)
    team = models.CharField(_("team"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("job opening")
        verbose_name_plural = _("job openings")

    def __str__(self) -> str:
        return self.title


class BoothStaff(models.Model):
    """Someone who works a booth; invited by email, linked to their account once they have one."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="staff")
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="booth_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices, default=StaffRole.STAFF)
    # Staff are invited before they have an account, so the invitation's language is chosen here.
    language = models.CharField(
        _("invitation language"), max_length=8, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("booth staff member")
        verbose_name_plural = _("booth staff")
        constraints = [models.UniqueConstraint("booth", Lower("email"), name="booths_staff_once_per_booth")]

    def __str__(self) -> str:
        return f"{self.email} · {self.booth}"


class DeviceToken(models.Model):
    """A scanner device's credential for one booth; a manager creates and revokes it."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="device_tokens")
    name = models.CharField(_("device name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scanner device")
        verbose_name_plural = _("scanner devices")

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A visitor's badge scanned at a booth: one per visitor, booth and day."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="visits")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="booth_visits")
    day = models.DateField(_("day"))
    scanned_at = models.DateTimeField(_("scanned at"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    client_nonce = models.CharField(max_length=64)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    tags = ArrayField(models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True)
    # Set when the lead's details were erased (a year after the visit, or with the account): the visit
    # still counts, but its booth sees nothing of the visitor any more.
    lead_erased_at = models.DateTimeField(_("lead details erased at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-scanned_at"]
        constraints = [
            models.UniqueConstraint(fields=["booth", "registration", "day"], name="booths_one_visit_a_day"),
            models.UniqueConstraint(fields=["booth", "client_nonce"], name="booths_nonce_once"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="booths_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["booth", "scanned_at"], name="booths_visit_time")]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.booth_id} {self.day}"


class ConsultationSlot(models.Model):
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    booked_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="booths_slot_ordered"),
            models.CheckConstraint(
                condition=models.Q(booked_count__lte=models.F("seats")), name="booths_slot_not_overbooked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booth} {date_format(timezone.localtime(self.starts_at), 'SHORT_DATETIME_FORMAT')}"


class ConsultationBooking(models.Model):
    slot = models.ForeignKey(ConsultationSlot, on_delete=models.CASCADE, related_name="bookings")
    # Emptied when the person's data is erased (account deleted, retention over): the booking stays counted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultations"
    )
    starts_at = models.DateTimeField(editable=False)
    ends_at = models.DateTimeField(editable=False)
    is_cancelled = models.BooleanField(default=False)
    attended = models.BooleanField(null=True, blank=True)
    booked_at = models.DateTimeField(default=timezone.now)
    # The booker's agreement, given on booking, that the booth's companies see their name:
    # when, to which words, naming which companies. Staff see the name only with it.
    name_shared_at = models.DateTimeField(_("name shared with the booth from"), null=True, blank=True)
    name_sharing_text_version = models.CharField(_("text version agreed to"), max_length=32, blank=True)
    name_shared_with = models.TextField(_("companies named in the agreement"), blank=True)

    class Meta:
        verbose_name = _("consultation booking")
        verbose_name_plural = _("consultation bookings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(name_shared_at__isnull=True, name_sharing_text_version="")
                | models.Q(name_shared_at__isnull=False) & ~models.Q(name_sharing_text_version=""),
                name="booths_booking_agreement_has_a_version",
            ),
            models.UniqueConstraint(
                fields=["slot", "user"], condition=models.Q(is_cancelled=False), name="booths_booking_once"
            ),
            ExclusionConstraint(
                name="booths_no_overlapping_bookings",
                expressions=[
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                    ("user", RangeOperators.EQUAL),
                ],
                condition=models.Q(is_cancelled=False),
                violation_error_message=_("You already have a consultation at that time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.slot}"

    @property
    def shares_name(self) -> bool:
        return self.name_shared_at is not None
