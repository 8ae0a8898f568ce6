"""Panels that other apps add to a booth's staff pages (the challenge's talent pool, say).

Booths know no downstream app: each app registers a provider in its AppConfig.ready() that, given
a booth (its event and the companies it is for) and the staff member looking, returns panels: a
title, an explanation and a table of rows. The booth's staff pages show each panel as a tab; a
provider returns nothing for a booth whose staff may not see it, so who sees what is decided
by the app that owns the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BoothRef:
    """What a provider is told of a booth."""

    booth_id: int
    event_id: int
    company_ids: frozenset[int]


@dataclass(frozen=True)
class BoothPanel:
    key: str  # a tab's name in the address: letters, digits and hyphens
    title: str
    intro: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    empty: str = ""
    notes: tuple[str, ...] = field(default=())
    order: int = 100


Provider = Callable[[BoothRef, object], Iterable[BoothPanel]]

_providers: list[Provider] = []


def register_booth_panels(provider: Provider) -> Provider:
    """Adds a provider (booth, viewer) -> panels."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def booth_panels(booth: BoothRef, viewer) -> list[BoothPanel]:
    panels = [panel for provider in _providers for panel in provider(booth, viewer)]
    return sorted(panels, key=lambda panel: panel.order)
