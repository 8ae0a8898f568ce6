"""Registration: people's registrations to events, the days they hold and their check-ins at the entrance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.check_in_points import check_in_point_choices
from events.enums import AttendeeCategory
from events.models import Event, EventDay

from .enums import DayStatus


class Registration(models.Model):
    """A person's registration for one event, with the days they chose."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    # Set to NULL when the account is deleted, so the anonymous counts survive.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
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


class CheckInRole(models.Model):
    """A person who may check people in at one check-in point of an event (the entrance, the door), and nothing else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_in_roles")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="check_in_roles")
    # The places come from the apps that check people in (common.check_in_points): the entrance, the door.
    kind = models.CharField(_("where"), max_length=16, choices=check_in_point_choices)

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
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("entrance check-in")
        verbose_name_plural = _("entrance check-ins")
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="registration_check_in_once_a_day")]

    def __str__(self) -> str:
        return f"{self.registration_id} · {self.day}"
