"""Who runs events: organisers, their teams, the teams' members and the invitations to join them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import Bilingual

from .enums import Area


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Organiser(models.Model):
    """An organisation that runs events (a ministry, an industry host, a council of schools)."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    name = Bilingual("name")

    class Meta:
        # Not plain "organiser", which names the admin access of an account (registration.User.is_staff).
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
    events = models.ManyToManyField("registration.Event", blank=True, related_name="teams", verbose_name=_("events"))
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
