"""The booth staff's table of visits: sorted and paged on the server, so it works without JavaScript."""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .models import Visit
from .selectors import visitor_card

LEADS_PER_PAGE = 25


def _column(label, name: str, **kwargs) -> tables.Column:
    # Every cell is drawn by booths/_lead_cell.html; on a phone each row is a card (the class places the cell).
    return tables.Column(
        verbose_name=label,
        empty_values=(),
        attrs={"td": {"class": f"lead-table__{name}"}, "th": {"class": f"lead-table__{name}"}},
        **kwargs,
    )


class LeadTable(tables.Table):
    """Sortable by scan time and rating only: sorting by name would show where unshared names stand."""

    visitor = _column(_("Visitor"), "visitor", orderable=False)
    scanned_at = _column(_("Scanned at"), "scanned-at")
    rating = _column(_("Rating"), "rating")
    notes = _column(_("Note and tags"), "notes", orderable=False)

    class Meta:
        model = Visit
        fields = ["visitor", "scanned_at", "rating", "notes"]
        template_name = "booths/_lead_table.html"
        order_by_field = "sort"
        page_field = "page"
        per_page = LEADS_PER_PAGE
        attrs = {"class": "data-table lead-table"}
        empty_text = _("No visits match.")

    def __init__(self, *args, event_slug: str, consenting: set[int], back: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.event_slug = event_slug
        self.consenting = consenting
        self.back = back

    def order_rating(self, queryset, is_descending: bool):
        # Unrated visits last either way: "best first" should start with the best, not with the unrated.
        rating = F("rating").desc(nulls_last=True) if is_descending else F("rating").asc(nulls_last=True)
        return queryset.order_by(rating, "-scanned_at", "-pk"), True

    def _cell(self, part: str, record: Visit) -> str:
        card = visitor_card(record, consented=record.registration.user_id in self.consenting)
        return render_to_string(
            "booths/_lead_cell.html",
            {"part": part, "visit": record, "card": card, "back": self.back, "event_slug": self.event_slug},
        )

    def render_visitor(self, record):
        return self._cell("visitor", record)

    def render_scanned_at(self, record):
        return self._cell("scanned_at", record)

    def render_rating(self, record):
        return self._cell("rating", record)

    def render_notes(self, record):
        return self._cell("notes", record)
