"""People attending: their profiles and the consents they gave."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Attendees and consents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
