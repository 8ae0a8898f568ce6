"""Announcements: organisers write to a segment of people (registered by the apps) and follow the sending."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mail.email_kinds import register_email_kind


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from events.enums import Area
        from events.rules import register_event_model

        from .models import Announcement

        register_email_kind("announcement", _("Announcement"))
        register_event_model(Announcement, area=Area.EMAILS, event_path="event")
