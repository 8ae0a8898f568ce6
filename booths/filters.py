"""The filters of the booths' lists, read from the query string (they work without JavaScript)."""

from __future__ import annotations

import django_filters
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .enums import Technology
from .models import Booth, Visit
from .selectors import hiring_roles, search_leads


class LeadFilter(django_filters.FilterSet):
    """A booth's visits: by words (name, organisation and email only where the visitor shares them), day, rating."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    day = django_filters.ChoiceFilter(label=_("Day"), field_name="day", empty_label=_("Every day"))
    rating = django_filters.ChoiceFilter(
        label=_("Rating"),
        method="filter_rating",
        empty_label=_("Any rating"),
        choices=[("none", _("Not rated")), *((str(value), "★" * value) for value in range(5, 0, -1))],
    )

    class Meta:
        model = Visit
        fields = ["q", "day", "rating"]

    def __init__(self, *args, booth: Booth, consenting: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.booth = booth
        self.consenting = consenting
        self.filters["day"].extra["choices"] = [
            (day.isoformat(), formats.date_format(day, "MONTH_DAY_FORMAT")) for day in booth.event.days
        ]

    def search(self, queryset, _name, value):
        return search_leads(queryset, text=value, consenting=self.consenting)

    def filter_rating(self, queryset, _name, value):
        return queryset.filter(rating__isnull=True) if value == "none" else queryset.filter(rating=int(value))


class BoothFilter(django_filters.FilterSet):
    """The directory's booths by a role they hire for and a technology they show."""

    role = django_filters.ChoiceFilter(label=_("Hiring role"), method="filter_role", empty_label=_("Any role"))
    technology = django_filters.ChoiceFilter(
        label=_("Technology"),
        choices=Technology.choices,
        field_name="technologies",
        lookup_expr="contains",
        method="filter_technology",
        empty_label=_("Any technology"),
    )

    class Meta:
        model = Booth
        fields = ["role", "technology"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["role"].extra["choices"] = [(title, title) for title in hiring_roles(event)]

    def filter_role(self, queryset, _name, value):
        return queryset.filter(jobs__title=value).distinct()

    def filter_technology(self, queryset, _name, value):
        return queryset.filter(technologies__contains=[value])
