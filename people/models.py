"""People attending: what they tell us about themselves and what they agreed to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import AttendeeCategory
from events.models import Event, Organization

from .enums import ConsentKind


class AttendeeProfile(models.Model):
    """What an attendee tells us about themselves, once, for every event."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendee_profile")
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

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
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
        indexes = [models.Index(fields=["user", "event", "kind", "-recorded_at"], name="people_consent_in_force")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {_('given') if self.granted else _('not given')}"
