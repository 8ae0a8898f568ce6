"""Announcements: messages organisers write to a segment of people (segments are registered by the apps)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.segments import get_segment, segment_choices
from events.models import Event, EventDay


class Announcement(models.Model):
    """A message from the organisers to a segment of attendees, sent through the outbox."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements")
    # The keys the apps register (common.segments): this app lists no segment of its own.
    segment = models.CharField(_("to"), max_length=32, choices=segment_choices)
    day = models.ForeignKey(
        EventDay, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("day"), related_name="+"
    )
    subject_ko = models.CharField(_("subject (Korean)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_ko = models.TextField(_("message (Korean)"))
    body_en = models.TextField(_("message (English)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    queued_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]
        constraints = [
            # Registration's own day segment; a downstream segment for one day is checked by clean().
            models.CheckConstraint(
                condition=~models.Q(segment="confirmed_on_day") | models.Q(day__isnull=False),
                name="announcements_day_segment_has_day",
                violation_error_message=_("Choose a day for “everyone confirmed on one day”."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject_ko

    def clean(self) -> None:
        """A day exactly for a segment that is for one day, and then one of the event's days."""
        super().clean()
        segment = get_segment(self.segment)
        if segment is None:
            return  # the field's own validation names the unknown choice
        if segment.takes_day and self.day_id is None:
            raise ValidationError({"day": _("Choose the day for “%(segment)s”.") % {"segment": segment.label}})
        if not segment.takes_day and self.day_id is not None:
            raise ValidationError(
                {"day": _("“%(segment)s” is not for one day: leave the day empty.") % {"segment": segment.label}}
            )
        if self.day_id is not None and self.event_id is not None and self.day.event_id != self.event_id:
            raise ValidationError({"day": _("The day must be one of the event's days.")})
