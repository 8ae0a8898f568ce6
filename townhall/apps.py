from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mail.email_kinds import register_email_kind

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
        from events.enums import Area
        from mail.reminders import register_reminder_kind

        from . import permissions, personal_data, segments
        from .dashboard import townhall_cards
        from .reminders import ON_THE_DAY, UNANSWERED, due_day_reminders, due_rsvp_reminders
        from .services import check_in_at_door

        # Part of the invitation, to guests who may have no account: nothing to turn off.
        register_reminder_kind(
            UNANSWERED,
            label=_("Townhall answer reminder"),
            description=_("An email to invited guests who have not answered, a few days before the deadline."),
            plan=due_rsvp_reminders,
            opt_out=False,
        )
        register_reminder_kind(
            ON_THE_DAY,
            label=_("Townhall reminder on the day"),
            description=_("An email to accepted guests on the morning of the townhall, with their table."),
            plan=due_day_reminders,
            opt_out=False,
        )

        register_check_in_point(
            CheckInPoint(
                key=DOOR,
                label=_("Townhall door"),
                desk_url_name="townhall-door",
                check_in=check_in_at_door,
                team_area=Area.TOWNHALL,
            )
        )
        personal_data.register()
        segments.register()
        permissions.register()
        register_dashboard_cards(townhall_cards)
