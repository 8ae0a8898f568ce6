from django.db import models
from django.utils.translation import gettext_lazy as _


class DayStatus(models.TextChoices):
    """Where one registration stands for one day of the event."""

    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")
