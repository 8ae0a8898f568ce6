"""The reminder preferences people chose, registered with common.personal_data in ready()."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from .models import ReminderPreference
from .reminders import wanted_kinds


def reminder_preferences_export(user) -> dict[str, bool]:
    """Whether the person gets each kind they may turn off (their choice, or the default)."""
    return wanted_kinds(user)


def erase_reminder_preferences(user) -> None:
    ReminderPreference.objects.filter(user=user).delete()


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="reminder_preferences",
            label=_("Reminder preferences"),
            models=("mail.ReminderPreference",),
            export=reminder_preferences_export,
            erase=erase_reminder_preferences,
        )
    )
