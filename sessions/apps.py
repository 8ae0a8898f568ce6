from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    # The label keeps clear of django.contrib.sessions, which owns "sessions".
    name = "sessions"
    label = "programme"
    verbose_name = _("Programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import personal_data, receivers  # noqa: F401 - receivers connects the signal receivers

        personal_data.register()
