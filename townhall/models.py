from __future__ import annotations

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import Bilingual
from events.models import Event

from .enums import GuestStatus, Sector


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Townhall(models.Model):
    """The invite-only evening meeting of an event; seats are the scarce thing."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="townhall")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_ko = models.CharField(_("venue (Korean)"), max_length=200)
    venue_en = models.CharField(_("venue (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    rsvp_deadline = models.DateTimeField(_("answers accepted until"))
    accepted_count = models.PositiveIntegerField(default=0, editable=False)
    next_queue_number = models.PositiveIntegerField(default=1, editable=False)

    venue = Bilingual("venue")
    description = Bilingual("description")

    class Meta:
        verbose_name = _("townhall")
        verbose_name_plural = _("townhalls")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="townhall_ordered"),
            models.CheckConstraint(
                condition=models.Q(accepted_count__lte=models.F("capacity")), name="townhall_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · townhall"

    def is_open_for_answers(self) -> bool:
        return timezone.now() < self.rsvp_deadline


class Table(models.Model):
    townhall = models.ForeignKey(Townhall, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("table"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=8)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["townhall", "number"], name="townhall_table_unique")]

    def __str__(self) -> str:
        return f"{self.number}"


class Guest(models.Model):
    townhall = models.ForeignKey(Townhall, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    is_vip = models.BooleanField(_("VIP"), default=False)
    language = models.CharField(
        _("language"), max_length=8, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )
    status = models.CharField(_("status"), max_length=16, choices=GuestStatus.choices, default=GuestStatus.NOT_SENT)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    # The RSVP link's secret; the door code is another, so a forwarded badge cannot change an answer.
    rsvp_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    door_code = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    queue_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    table = models.ForeignKey(Table, on_delete=models.SET_NULL, null=True, blank=True, related_name="guests")
    table_pinned = models.BooleanField(_("keep at this table"), default=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, editable=False)
    # The nonce of the door scan that let the guest in: its replay answers the same and counts nothing.
    check_in_nonce = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("townhall", Lower("email"), name="townhall_guest_email_once"),
            models.UniqueConstraint(
                fields=["townhall", "queue_number"],
                condition=models.Q(queue_number__isnull=False),
                name="townhall_queue_number_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name
