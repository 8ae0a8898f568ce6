"""The participants' forms: a team's name, an invitation, a predictions file, the final choice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.input import clean_text

from .enums import MemberRole

# A predictions file of 100,000 rows is a few megabytes; anything far larger is a mistake.
MAX_PREDICTIONS_BYTES = 50 * 1024 * 1024


class TeamForm(forms.Form):
    name = forms.CharField(
        label=_("Team name"),
        max_length=60,
        help_text=_("Shown on the leaderboard. At most 60 characters."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        name = " ".join(clean_text(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Give your team a name."))
        return name


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(MemberRole.MEMBER, _("Member (a student)")), (MemberRole.ADVISER, _("Faculty adviser"))],
        initial=MemberRole.MEMBER,
        widget=forms.RadioSelect,
    )


class SubmissionForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Predictions file (CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    description = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["phase"].error_messages["invalid_choice"] = _("Choose one of the open phases.")
        if len(phases) == 1:
            self.fields["phase"].widget = forms.HiddenInput()
            self.fields["phase"].initial = phases[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PREDICTIONS_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload

    def clean_description(self) -> str:
        return clean_text(self.cleaned_data["description"]).strip()


class FinalChoiceForm(forms.Form):
    submissions = forms.MultipleChoiceField(
        label=_("Final submissions"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, submissions, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["submissions"].choices = [
            (str(item.pk), f"{item.original_name} · {item.public_score:.5f}") for item in submissions
        ]
        self.fields["submissions"].error_messages["invalid_choice"] = _("Choose among your team's scored submissions.")

    def clean_submissions(self):
        chosen = self.cleaned_data["submissions"]
        if len(chosen) > self.limit:
            raise forms.ValidationError(
                _("Choose at most %(limit)s submissions."), params={"limit": self.limit}, code="too_many"
            )
        return [int(pk) for pk in chosen]
