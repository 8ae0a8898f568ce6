from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    KEYNOTE = "keynote", _("Keynote")
    PANEL = "panel", _("Panel")
    CASE_TALK = "case_talk", _("Case talk")
    AWARD_CEREMONY = "award_ceremony", _("Award ceremony")
    RESEARCH_PRESENTATION = "research_presentation", _("Research presentation")
    POSTER = "poster", _("Poster")
    BREAK = "break", _("Break")
    NETWORKING = "networking", _("Networking")


class SessionLanguage(models.TextChoices):
    KOREAN = "ko", _("Korean")
    ENGLISH = "en", _("English")
    BOTH = "ko+en", _("Korean and English")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    PANELIST = "panelist", _("Panelist")


class ReservationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Seat reserved")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")
