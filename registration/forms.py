from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.enums import CATEGORIES_WITH_GRADUATE_SCHOOL, AttendeeCategory
from events.models import Event, Organization
from people.consent_texts import CONSENT_TEXTS
from people.enums import ConsentKind
from people.models import AttendeeProfile


def error_summary(*forms_: forms.Form) -> list[dict]:
    """Every field error of the forms, in page order, each with the id of the input it concerns.

    The page lists them at the top, each a link that moves focus to its field.
    """
    rows = []
    for form in forms_:
        if not form.is_bound:
            continue
        for bound_field in form:
            for message in bound_field.errors:
                target = bound_field.auto_id
                if isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple):
                    target = f"{target}_0"  # a group of boxes: its first box
                rows.append({"target": target, "label": str(bound_field.label).rstrip(".:"), "message": message})
    return rows


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name as on the badge"),
        max_length=100,
        help_text=_("Korean and/or Latin script, e.g. 홍길동 (Gildong Hong)."),
    )
    organization_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Start typing to pick from the list, or type a new name."),
        widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "organization"}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *AttendeeCategory.choices])
    graduate_school = forms.ModelChoiceField(
        label=_("AI graduate school"),
        queryset=Organization.objects.filter(is_ai_graduate_school=True).order_by("name_ko"),
        required=False,
        empty_label="—",
        help_text=_("For students and faculty."),
    )
    position = forms.CharField(label=_("Position or title"), max_length=100, required=False)
    research_interests = forms.CharField(
        label=_("Research interests"),
        max_length=500,
        required=False,
        help_text=_("Separate with commas, e.g. reinforcement learning, computer vision."),
    )
    open_to_job_offers = forms.BooleanField(label=_("I am open to job offers"), required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: anything that helps us welcome you (wheelchair access, sign language, ...)."),
    )

    def __init__(self, *args, profile: AttendeeProfile | None = None, **kwargs):
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "full_name": profile.full_name,
                "organization_name": profile.organization.name if profile.organization else "",
                "category": profile.category,
                "graduate_school": profile.graduate_school,
                "position": profile.position,
                "research_interests": ", ".join(profile.research_interests),
                "open_to_job_offers": profile.open_to_job_offers,
                "accessibility_needs": profile.accessibility_needs,
            }
        super().__init__(*args, **kwargs)

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name as it should appear on the badge."))
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("category") in CATEGORIES_WITH_GRADUATE_SCHOOL and not cleaned.get("graduate_school"):
            self.add_error("graduate_school", _("Choose your AI graduate school."))
        return cleaned

    def organization(self) -> Organization | None:
        """The listed organisation the typed name matches exactly, if any."""
        name = " ".join(self.cleaned_data.get("organization_name", "").split())
        if not name:
            return None
        return Organization.objects.filter(Q(name_ko__iexact=name) | Q(name_en__iexact=name)).first()

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        organization = self.organization()
        return {
            "full_name": data["full_name"],
            "category": data["category"],
            "organization": organization,
            "new_organization_name": "" if organization else data.get("organization_name", ""),
            "graduate_school": data.get("graduate_school"),
            "position": data.get("position", ""),
            "research_interests": [tag for tag in data.get("research_interests", "").split(",") if tag.strip()],
            "open_to_job_offers": data.get("open_to_job_offers", False),
            "accessibility_needs": data.get("accessibility_needs", ""),
        }


def consent_texts_beside_fields(form: forms.Form, kinds, exhibitors: str) -> list[dict]:
    """Each consent's text (purpose, items, recipients, retention, refusal) with its checkbox."""
    rows = []
    for kind in kinds:
        text = dict(CONSENT_TEXTS[kind])
        if kind == ConsentKind.SHARE_WITH_BOOTHS:
            text["recipients"] = text["recipients"] % {
                "exhibitors": exhibitors or _("the exhibitors listed on the event page")
            }
        rows.append({"field": form[kind.value], **text})
    return rows


class ConsentForm(forms.Form):
    event_processing = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information to run the event (required)."),
        required=True,
        error_messages={"required": _("This consent is needed to register for the event.")},
    )
    share_with_booths = forms.BooleanField(
        label=_("I agree that the companies whose booth staff scan my badge receive my details (optional)."),
        required=False,
    )
    organiser_news = forms.BooleanField(
        label=_("I would like news from the organisers (optional)."),
        required=False,
    )

    def __init__(self, *args, exhibitors: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.exhibitors = exhibitors

    def texts(self) -> list[dict]:
        """The consent texts, each beside its checkbox."""
        return consent_texts_beside_fields(self, ConsentKind, self.exhibitors)

    def choices(self) -> dict[str, bool]:
        return {kind.value: bool(self.cleaned_data.get(kind.value)) for kind in ConsentKind}


class DaysForm(forms.Form):
    dates = forms.MultipleChoiceField(
        label=_("Days you will attend"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day.")},
    )

    def __init__(self, *args, event: Event, days_left: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for day in event.event_days.order_by("date"):
            label = date_format(day.date, "MONTH_DAY_FORMAT")
            if days_left.get(day.pk, 0) <= 0:
                label = _("%(date)s — full: you will join the waitlist") % {"date": label}
            choices.append((day.date.isoformat(), label))
        self.fields["dates"].choices = choices
        self.days_by_iso = {day.date.isoformat(): day for day in event.event_days.all()}

    def chosen_dates(self) -> list:
        return [self.days_by_iso[iso].date for iso in self.cleaned_data["dates"]]


class OptionalConsentsForm(forms.Form):
    """The optional consents for one event, which an attendee may give or withdraw at any time."""

    share_with_booths = ConsentForm.base_fields["share_with_booths"]
    organiser_news = ConsentForm.base_fields["organiser_news"]

    def __init__(self, *args, exhibitors: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.exhibitors = exhibitors

    def texts(self) -> list[dict]:
        """The optional consent texts, each beside its checkbox, naming this event's exhibitors."""
        return consent_texts_beside_fields(
            self, [ConsentKind.SHARE_WITH_BOOTHS, ConsentKind.ORGANISER_NEWS], self.exhibitors
        )

    def choices(self) -> dict[str, bool]:
        return {
            ConsentKind.SHARE_WITH_BOOTHS.value: bool(self.cleaned_data.get("share_with_booths")),
            ConsentKind.ORGANISER_NEWS.value: bool(self.cleaned_data.get("organiser_news")),
        }
