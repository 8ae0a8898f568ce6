from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.email_kinds import register_email_kind

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

        from . import permissions, personal_data, receivers  # noqa: F401 - receivers connects the signal receivers
        from .dashboard import booth_cards
        from .selectors import staffs_a_booth

        register_scanner_role(staffs_a_booth)
        personal_data.register()
        permissions.register()
        register_dashboard_cards(booth_cards)
