"""What other apps add to a programme session's page (the award ceremony's winners, say).

The programme knows no downstream app: each app registers a provider in its AppConfig.ready()
that, given a session (its event, id and kind), returns sections of items to show on the
session's page. The programme keeps its session pages as shared copies, so a provider also
names a version (per event) that changes whenever what it returns may change; the page's key
includes every provider's version.

A session's kinds are the programme's own words; the ones other apps may want to recognise are
named here (tests/programme checks they match the programme's enum).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

AWARD_CEREMONY = "award_ceremony"
OPENING = "opening"


@dataclass(frozen=True)
class SessionRef:
    """What a provider is told of a session."""

    event_id: int
    session_id: int
    kind: str


@dataclass(frozen=True)
class ExtraItem:
    """One line of a section: a heading (the award), a name (the team) and a detail (its school)."""

    heading: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class SessionExtra:
    key: str
    title: str
    items: tuple[ExtraItem, ...]
    order: int = 100


Provider = Callable[[SessionRef], Iterable[SessionExtra]]
Version = Callable[[int], object]

_providers: list[tuple[Provider, Version]] = []


def register_session_extras(provider: Provider, *, version: Version) -> Provider:
    """Adds a provider (session) -> sections and its version (event id) -> anything that changes with them."""
    if all(known is not provider for known, _version in _providers):
        _providers.append((provider, version))
    return provider


def session_extras(session: SessionRef) -> list[SessionExtra]:
    extras = [extra for provider, _version in _providers for extra in provider(session)]
    return sorted(extras, key=lambda extra: extra.order)


def session_extras_version(event_id: int) -> str:
    """Every provider's version for the event, as one string for a cache key."""
    return ".".join(str(version(event_id)) for _provider, version in _providers)


# The programme offers its sessions as choices (id, label) to apps that point at one of them
# (the challenge's award ceremony) without importing it.
ChoicesProvider = Callable[[int], Iterable[tuple[int, str]]]
_choices: list[ChoicesProvider] = []


def register_session_choices(provider: ChoicesProvider) -> ChoicesProvider:
    if provider not in _choices:
        _choices.append(provider)
    return provider


def session_choices(event_id: int) -> list[tuple[int, str]]:
    """(session id, label) of the event's sessions, for a form's choices."""
    return [choice for provider in _choices for choice in provider(event_id)]
