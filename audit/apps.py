from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from common.exports import register_export_recorder

        from .personal_data import register
        from .services import record_export

        register()
        register_export_recorder(record_export)
