from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mail.email_kinds import register_email_kind

# The kinds of email this app sends, as the outbox names them.
EMAIL_KINDS = [
    ("challenge_team_invitation", _("Challenge team invitation")),
    ("challenge_phase_opening", _("Challenge phase opening")),
    ("challenge_phase_closing", _("Challenge phase closing soon")),
    ("challenge_results", _("Challenge results")),
]


class ChallengeConfig(AppConfig):
    name = "challenge"
    verbose_name = _("AI Graduate School Challenge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for kind, label in EMAIL_KINDS:
            register_email_kind(kind, label)
        from common.dashboard import register_dashboard_cards
        from mail.reminders import register_reminder_kind

        from . import permissions, personal_data, providers, receivers, segments
        from .dashboard import challenge_cards
        from .reminders import (
            PHASE_CLOSING,
            PHASE_OPENING,
            RESULTS,
            due_phase_closings,
            due_phase_openings,
            due_results,
        )

        permissions.register()
        receivers.connect()
        providers.register()
        register_reminder_kind(
            PHASE_OPENING,
            label=_("Tell me when a challenge phase opens"),
            description=_("An email to the members of the challenge's teams when a phase opens for submissions."),
            plan=due_phase_openings,
        )
        register_reminder_kind(
            PHASE_CLOSING,
            label=_("Remind my challenge team before a phase closes"),
            description=_("An email 24 hours before a phase closes, if your team has not submitted in it."),
            plan=due_phase_closings,
        )
        # The outcome of the person's own entry: nothing to turn off.
        register_reminder_kind(
            RESULTS,
            label=_("Challenge results"),
            description=_("An email to every team member when the final ranking is published."),
            plan=due_results,
            opt_out=False,
        )
        personal_data.register()
        segments.register()
        register_dashboard_cards(challenge_cards)
