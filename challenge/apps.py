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
        from . import permissions, providers, receivers

        permissions.register()
        receivers.connect()
        providers.register()
