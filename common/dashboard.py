"""The organisers' dashboard: cards that each app adds for one event.

common knows no domain: each app registers a provider in its AppConfig.ready()
that returns its cards for an event on a given day (registration its seats and
check-ins, booths the traffic, townhall its answers, common the outbox). The
admin index shows them; every figure carries its label, and a figure with a
limit draws a bar against it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Meter:
    """One labelled figure; with `total` it reads "12 of 30" and draws a bar against the total,
    with only `bar_of` it draws a bar against that (the busiest booth) and reads just the figure."""

    key: str
    label: str
    value: int
    total: int | None = None
    bar_of: int | None = None
    tone: str = "primary"  # primary, success, warning, danger, neutral

    @property
    def caption(self) -> str:
        if self.total is None:
            return str(self.value)
        return gettext("%(value)s of %(total)s") % {"value": self.value, "total": self.total}

    @property
    def limit(self) -> int | None:
        return self.total if self.total is not None else self.bar_of

    @property
    def percent(self) -> int | None:
        if self.limit is None:
            return None
        if self.limit <= 0:
            return 100 if self.value else 0
        return min(100, round(100 * self.value / self.limit))


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    meters: tuple[Meter, ...] = ()
    empty: str = ""  # said when there are no meters
    link_url: str = ""
    link_label: str = ""
    order: int = 100
    notes: tuple[str, ...] = field(default=())
    # A Django permission the viewer needs to see the card at all (e.g. the outbox's, which spans every event).
    permission: str = ""


CardProvider = Callable[[object, datetime.date], Iterable[Card]]

_providers: list[CardProvider] = []


def register_dashboard_cards(provider: CardProvider) -> CardProvider:
    """Adds a provider (event, today) -> cards; today is the date in the event's time zone."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def dashboard_cards(event, today: datetime.date) -> list[Card]:
    cards = [card for provider in _providers for card in provider(event, today)]
    return sorted(cards, key=lambda card: card.order)
