from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class Technology(models.TextChoices):
    """What a booth shows, for the directory's filter."""

    LANGUAGE_MODELS = "language_models", _("Large language models")
    VISION = "vision", _("Computer vision")
    SPEECH = "speech", _("Speech and audio")
    ROBOTICS = "robotics", _("Robotics")
    EDGE_AI = "edge_ai", _("On-device and edge AI")
    HEALTHCARE = "healthcare", _("AI for healthcare")
    SEMICONDUCTORS = "semiconductors", _("Chips and hardware")
    RECOMMENDATION = "recommendation", _("Search and recommendation")
    MLOPS = "mlops", _("ML platforms and MLOps")
