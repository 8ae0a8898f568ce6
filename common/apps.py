from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import outbox
        from .dashboard import email_cards, register_dashboard_cards
        from .field_labels import name_unnamed_fields
        from .personal_data import PersonalDataProvider, register_provider

        register_provider(
            PersonalDataProvider(
                key="emails",
                label=_("Emails sent to you"),
                models=("common.OutboundEmail",),
                export=outbox.emails_export,
                erase=outbox.erase_emails_to,
                forget_event=outbox.forget_event_emails,
            )
        )
        name_unnamed_fields()

        register_dashboard_cards(email_cards)
