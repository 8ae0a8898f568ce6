from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    PUBLIC_INSTITUTE = "public_institute", _("Public institute")
    GOVERNMENT = "government", _("Government body")
    STARTUP = "startup", _("Start-up")


class PartnerRole(models.TextChoices):
    """How an organisation stands behind an event, in the order the home page lists them."""

    HOST = "host", _("Host")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    SPONSOR = "sponsor", _("Sponsor")
