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


DOOR = "door"  # the door's key among the check-in points (common.check_in_points)


class TownhallConfig(AppConfig):
    name = "townhall"
    verbose_name = _("Townhall")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for kind, label in EMAIL_KINDS:
            register_email_kind(kind, label)
        from common.check_in_points import CheckInPoint, register_check_in_point
        from common.dashboard import register_dashboard_cards

        from . import personal_data, receivers  # noqa: F401 - receivers connects the signal receivers
        from .dashboard import townhall_cards
        from .services import check_in_at_door

        register_check_in_point(
            CheckInPoint(key=DOOR, label=_("Townhall door"), desk_url_name="townhall-door", check_in=check_in_at_door)
        )
        personal_data.register()
        register_dashboard_cards(townhall_cards)
