from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class VisitOutcome(models.TextChoices):
    """What the scanner tells the person holding it."""

    CREATED = "created", _("New visitor")
    DUPLICATE = "duplicate", _("Already visited today")
    UNKNOWN_BADGE = "unknown_badge", _("Unknown badge")
    CANCELLED = "cancelled", _("Cancelled registration")
    NOT_STAFF = "not_staff", _("Not staff of this booth")
    MALFORMED = "malformed", _("Malformed request")
