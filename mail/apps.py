"""Mail: the outbox every message goes through, the kinds of email and the organisers' announcements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "mail"
    verbose_name = _("Mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from common.dashboard import register_dashboard_cards
        from common.personal_data import PersonalDataProvider, register_provider

        from . import outbox, personal_data
        from .dashboard import email_cards

        register_provider(
            PersonalDataProvider(
                key="emails",
                label=_("Emails sent to you"),
                models=("mail.OutboundEmail",),
                export=outbox.emails_export,
                erase=outbox.erase_emails_to,
                forget_event=outbox.forget_event_emails,
            )
        )
        register_dashboard_cards(email_cards)

        personal_data.register()
