"""Event setup: organisations, events, their days and partners."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Event setup")
    default_auto_field = "django.db.models.BigAutoField"
