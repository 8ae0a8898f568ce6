from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.email_kinds import register_email_kind

# The kinds of email this app sends, as the outbox names them.
EMAIL_KINDS = [
    ("townhall_invitation", _("Townhall invitation")),
    ("townhall_acceptance", _("Townhall seat confirmed")),
    ("townhall_promotion", _("Townhall seat from the waitlist")),
    ("townhall_rsvp_reminder", _("Townhall answer reminder")),
    ("townhall_day_reminder", _("Townhall reminder on the day")),
]


class TownhallConfig(AppConfig):
    name = "townhall"
    verbose_name = _("Townhall")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for kind, label in EMAIL_KINDS:
            register_email_kind(kind, label)
        from common.dashboard import register_dashboard_cards

        from . import permissions, personal_data, receivers  # noqa: F401 - receivers connects the signal receivers
        from .dashboard import townhall_cards

        personal_data.register()
        permissions.register()
        register_dashboard_cards(townhall_cards)
