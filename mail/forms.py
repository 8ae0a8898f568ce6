from django import forms

from .reminders import optional_reminder_kinds, wanted_kinds

FIELD_PREFIX = "reminder_"


class ReminderPreferencesForm(forms.Form):
    """One checkbox per kind of reminder people may turn off, from the registry, ticked as the person chose."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = wanted_kinds(user) if user is not None and user.is_authenticated else {}
        for kind in optional_reminder_kinds():
            self.fields[FIELD_PREFIX + kind.key] = forms.BooleanField(
                label=kind.label,
                help_text=kind.description,
                required=False,
                initial=wanted.get(kind.key, kind.default),
            )

    def choices(self) -> dict[str, bool]:
        return {
            name.removeprefix(FIELD_PREFIX): bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith(FIELD_PREFIX)
        }
