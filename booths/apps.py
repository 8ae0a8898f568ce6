from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mail.email_kinds import register_email_kind

# The kinds of email this app sends, as the outbox names them.
EMAIL_KINDS = [
    ("consultation_reminder", _("Consultation reminder")),
    ("booth_staff_invitation", _("Booth staff invitation")),
]


class BoothsConfig(AppConfig):
    name = "booths"
    verbose_name = _("Booths")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for kind, label in EMAIL_KINDS:
            register_email_kind(kind, label)
        from common.dashboard import register_dashboard_cards
        from common.scanner_access import register_scanner_role
        from mail.reminders import register_reminder_kind

        from . import permissions, personal_data, receivers, segments  # noqa: F401 - receivers connects the signal receivers
        from .dashboard import booth_cards
        from .reminders import CONSULTATION, due_consultation_reminders

        register_reminder_kind(
            CONSULTATION,
            label=_("Remind me before my consultations"),
            description=_("An email half an hour before each consultation you booked at a booth."),
            plan=due_consultation_reminders,
        )
        from .selectors import staffs_a_booth

        register_scanner_role(staffs_a_booth)
        personal_data.register()
        segments.register()
        permissions.register()
        register_dashboard_cards(booth_cards)
