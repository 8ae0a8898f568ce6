from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    ACADEMIA = "academia", _("Academia")
    INDUSTRY = "industry", _("Industry")


class GuestStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Invitation not sent")
    SENT = "sent", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WAITLISTED = "waitlisted", _("Waitlisted")
