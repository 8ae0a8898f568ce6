"""Event setup: organisers and their teams (who may do what), events, their days, partners and organisations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mail.email_kinds import register_email_kind

# The kinds of email this app sends, as the outbox names them.
EMAIL_KINDS = [("team_invitation", _("Team invitation"))]


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Event setup")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for kind, label in EMAIL_KINDS:
            register_email_kind(kind, label)
        from . import personal_data, receivers  # noqa: F401 - receivers connects the signal receivers
        from .rules import register_events_models

        register_events_models()
        personal_data.register()
