"""Mail: the outbox (every message the site sends is a row first) and people's choices of reminders."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class OutboundEmail(models.Model):
    """One message to one person. (kind, recipient, object_key) is unique, so nothing goes out twice."""

    kind = models.CharField(_("kind"), max_length=64)
    recipient = models.EmailField(_("recipient"))
    object_key = models.CharField(_("about"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="ko")
    subject = models.CharField(_("subject"), max_length=300)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    essential = models.BooleanField(
        _("transactional"), default=True, help_text=_("Transactional messages are sent whatever the preferences.")
    )
    secret = models.BooleanField(
        _("secret"),
        default=False,
        help_text=_(
            "Holds a link that signs its recipient in or sets their password: its text is never shown "
            "and is erased once the message has left."
        ),
    )
    status = models.CharField(_("status"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("reason"), blank=True)
    not_after = models.DateTimeField(
        _("pointless after"), null=True, blank=True, help_text=_("Skipped, not sent, when still queued by then.")
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("outbox")
        permissions = [("view_email_bodies", _("Can read the text of sent emails"))]
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "object_key"], name="common_email_once"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="common_email_status"),
            models.Index(fields=["object_key"], name="common_email_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


def validate_reminder_kind(value: str) -> None:
    # Imported here: the registry's planner imports this module's model.
    from .reminders import validate_reminder_kind as validate  # noqa: PLC0415 -- reminders imports this module

    validate(value)


class ReminderPreference(models.Model):
    """A person's choice for one kind of reminder; no row means the kind's default.

    Kinds are registered by the apps that send them (mail.reminders), so the
    column has no choices: a new kind needs no migration here.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences")
    kind = models.CharField(_("reminder"), max_length=64, validators=[validate_reminder_kind])
    wants = models.BooleanField(_("wanted"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="mail_reminder_preference_once")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.wants}"
