from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Registration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from common.scanner_access import register_scanner_role

        from .selectors import scans_badges

        register_scanner_role(scans_badges)
