from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mail.email_kinds import register_email_kind

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
        from mail.reminders import register_reminder_kind

        from . import permissions, personal_data, receivers, segments  # noqa: F401 - receivers connects the signal receivers
        from .models import AgendaFeed, AgendaItem, SeatReservation
        from .reminders import DAY_BEFORE, SESSION, due_day_before_reminders, due_session_reminders

        register_reminder_kind(
            DAY_BEFORE,
            label=_("Remind me the day before each day I attend"),
            description=_("An email the evening before: your badge, your agenda for the day and the venue."),
            plan=due_day_before_reminders,
        )
        register_reminder_kind(
            SESSION,
            label=_("Remind me before the sessions in my agenda"),
            description=_("An email shortly before each session you added to your agenda, with its room."),
            plan=due_session_reminders,
        )

        from common.session_extras import register_session_choices

        from .selectors import session_choices

        register_session_choices(session_choices)

        name_models(
            {
                AgendaItem: (_("agenda item"), _("agenda items")),
                AgendaFeed: (_("agenda calendar feed"), _("agenda calendar feeds")),
                SeatReservation: (_("seat reservation"), _("seat reservations")),
            }
        )

        personal_data.register()
        segments.register()
        permissions.register()
