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
        from django.db.models.signals import post_delete, post_save

        from . import permissions
        from .models import Challenge
        from .receivers import retire_published_challenges

        permissions.register()
        post_save.connect(retire_published_challenges, sender=Challenge, dispatch_uid="challenge-nav-saved")
        post_delete.connect(retire_published_challenges, sender=Challenge, dispatch_uid="challenge-nav-deleted")
