from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.email_kinds import register_email_kind

# The kinds of email this app sends, as the outbox names them.
EMAIL_KINDS = [
    ("day_before_reminder", _("Reminder the day before")),
    ("session_reminder", _("Session reminder")),
]


class ProgrammeConfig(AppConfig):
    # The label keeps clear of django.contrib.sessions, which owns "sessions".
    name = "sessions"
    label = "programme"
    verbose_name = _("Programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for kind, label in EMAIL_KINDS:
            register_email_kind(kind, label)
        from common.field_labels import name_models

        from . import permissions, personal_data, receivers  # noqa: F401 - receivers connects the signal receivers
        from .models import AgendaFeed, AgendaItem, SeatReservation

        name_models(
            {
                AgendaItem: (_("agenda item"), _("agenda items")),
                AgendaFeed: (_("agenda calendar feed"), _("agenda calendar feeds")),
                SeatReservation: (_("seat reservation"), _("seat reservations")),
            }
        )

        personal_data.register()
        permissions.register()
