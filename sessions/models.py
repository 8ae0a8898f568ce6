from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.db import TsTzRange
from common.i18n import Bilingual
from common.images import CleanImageField
from common.validators import ImageUploadValidator
from events.models import Event, Organization

from .enums import ReservationStatus, SessionKind, SessionLanguage, SpeakerRole

MAX_PHOTO_BYTES = 2 * 1024 * 1024


validate_speaker_photo = ImageUploadValidator(max_bytes=MAX_PHOTO_BYTES)


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    hall = models.CharField(_("hall"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Bilingual("name")

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "name_en"], name="programme_room_unique")]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#0b4f8a",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour like #0b4f8a."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Bilingual("name")

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "name_en"], name="programme_track_unique")]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name_ko = models.CharField(_("name (Korean)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("organisation")
    )
    bio_ko = models.TextField(_("biography (Korean)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    photo = CleanImageField(
        _("photo"),
        upload_to="speakers/",
        blank=True,
        validators=[validate_speaker_photo],
        help_text=_("JPEG, PNG or WebP, at most 2 MB."),
    )

    name = Bilingual("name")
    title = Bilingual("title")
    bio = Bilingual("bio")

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name_en", "name_ko"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name_ko="", name_en=""), name="programme_speaker_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def initials(self) -> str:
        """What stands in for a missing photo: "HL" for Honglak Lee, the given name "홍락" for 이홍락."""
        words = self.name.split()
        if not words:
            return ""
        if len(words) == 1 and not words[0].isascii():
            return words[0][-2:] if len(words[0]) >= 3 else words[0]
        return (words[0][:1] + (words[-1][:1] if len(words) > 1 else "")).upper()


class ProgrammeSession(models.Model):
    """One item of the programme: a keynote, a panel, a break..."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme_sessions")
    kind = models.CharField(_("kind"), max_length=32, choices=SessionKind.choices)
    title_ko = models.CharField(_("title (Korean)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    abstract_ko = models.TextField(_("abstract (Korean)"), blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions", null=True, blank=True)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, related_name="sessions", null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=SessionLanguage.choices, default="ko")
    seat_limit = models.PositiveIntegerField(
        _("seat limit"), null=True, blank=True, help_text=_("Leave empty when anyone may walk in.")
    )
    reserved_count = models.PositiveIntegerField(default=0, editable=False)
    next_queue_number = models.PositiveIntegerField(default=1, editable=False)
    is_published = models.BooleanField(_("published"), default=False)
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions")
    updated_at = models.DateTimeField(auto_now=True)

    title = Bilingual("title")
    abstract = Bilingual("abstract")

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["starts_at", "room__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="programme_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            ExclusionConstraint(
                name="programme_no_room_overlap",
                expressions=[
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                    ("room", RangeOperators.EQUAL),
                ],
                condition=models.Q(room__isnull=False),
                violation_error_message=_("Another session is in this room at that time."),
            ),
            models.CheckConstraint(
                condition=models.Q(seat_limit__isnull=True) | models.Q(reserved_count__lte=models.F("seat_limit")),
                name="programme_reservations_within_limit",
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"], name="programme_session_time")]

    def __str__(self) -> str:
        return self.title

    @property
    def speaker_names(self) -> str:
        """ "Honglak Lee, Jaesik Choi", in the order of the session's speakers (uses their prefetch)."""
        return ", ".join(role.speaker.name for role in self.speaker_roles.all())

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.event.zone)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.event.zone)


class SessionSpeaker(models.Model):
    """A speaker's part in a session; `during` mirrors the session's time, kept by a database trigger."""

    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="speaker_roles")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="session_roles")
    role = models.CharField(_("role"), max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    during = DateTimeRangeField(null=True, editable=False)

    class Meta:
        verbose_name = _("speaker of a session")
        verbose_name_plural = _("speakers of the session")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="programme_speaker_once_per_session"),
            ExclusionConstraint(
                name="programme_no_speaker_overlap",
                expressions=[("during", RangeOperators.OVERLAPS), ("speaker", RangeOperators.EQUAL)],
                violation_error_message=_("This speaker is in another session at that time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"


class AgendaItem(models.Model):
    """A session an attendee put in their personal agenda."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_items")
    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="agenda_items")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="programme_agenda_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.session_id}"


class AgendaFeed(models.Model):
    """The secret address of an attendee's calendar feed; resetting it replaces the token."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feeds")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="programme_one_feed_per_event")]

    def __str__(self) -> str:
        return f"feed of {self.user_id}"


class SeatReservation(models.Model):
    """A seat in a seat-limited session, or a place on its waitlist."""

    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="reservations")
    # Emptied when the person's data is erased (account deleted, retention over): the seat stays counted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="seat_reservations"
    )
    status = models.CharField(max_length=16, choices=ReservationStatus.choices)
    queue_number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status="cancelled"),
                name="programme_one_live_reservation",
            ),
            models.UniqueConstraint(
                fields=["session", "queue_number"],
                condition=models.Q(queue_number__isnull=False),
                name="programme_queue_number_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.session_id} · {self.status}"
