from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What an organiser or a booth manager did with personal data."""

    EXPORT = "export", _("Exported")
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    CANCEL = "cancel", _("Cancelled")
    PROMOTE = "promote", _("Promoted from the waitlist")
    MERGE = "merge", _("Merged")
    DELETE = "delete", _("Deleted")
