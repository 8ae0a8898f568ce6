from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_reminder_kind(value: str) -> None:
    # Imported here: the registry's planner imports this module's model.
    from .reminders import validate_reminder_kind as validate

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
