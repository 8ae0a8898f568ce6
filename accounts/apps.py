"""Who signs in: the user model, upstream of every other app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("User accounts")
    default_auto_field = "django.db.models.BigAutoField"
