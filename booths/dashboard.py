"""The booths' card on the organisers' dashboard: today's visits per booth."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.dashboard import Card, Meter

from .selectors import visits_per_booth_on


def booth_cards(event, today) -> list[Card]:
    booths = visits_per_booth_on(event, today)
    if not booths:
        return []
    busiest = max(booth.visits_on_day for booth in booths)
    total = sum(booth.visits_on_day for booth in booths)
    return [
        Card(
            key="booth-traffic",
            title=_("Booth visits today"),
            meters=tuple(
                Meter(
                    key=f"booth-{booth.number}",
                    label=f"{booth.number} · {booth.name}",
                    value=booth.visits_on_day,
                    bar_of=busiest,
                    tone="primary",
                )
                for booth in booths
            ),
            notes=(
                ngettext(
                    "%(count)d visit today across %(booths)d booths.",
                    "%(count)d visits today across %(booths)d booths.",
                    total,
                )
                % {"count": total, "booths": len(booths)},
            ),
            link_url=reverse("booths:dashboard", args=[event.slug]),
            link_label=_("Booth figures by hour"),
            order=40,
        )
    ]
