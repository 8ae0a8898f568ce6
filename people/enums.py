from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    EVENT_PROCESSING = "event_processing", _("Collection and use to run the event (required)")
    SHARE_WITH_BOOTHS = "share_with_booths", _("Sharing with exhibitors whose booths you visit (optional)")
    ORGANISER_NEWS = "organiser_news", _("News from the organisers (optional)")
