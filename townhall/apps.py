from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownhallConfig(AppConfig):
    name = "townhall"
    verbose_name = _("Townhall")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from common.dashboard import register_dashboard_cards

        from . import personal_data, receivers  # noqa: F401 - receivers connects the signal receivers
        from .dashboard import townhall_cards

        personal_data.register()
        register_dashboard_cards(townhall_cards)
