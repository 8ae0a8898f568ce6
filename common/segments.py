"""The announcement segments: who an organisers' announcement can go to.

Each app registers the segments it knows in its `AppConfig.ready()` (registration
its attendees, booths its staff, the townhall its guests, the programme the people
with a day's sessions in their agenda), as it registers its email kinds and its
personal data: the app that sends announcements lists no downstream word.

A segment is a stable key (stored on the announcement), a lazily translated label,
whether it is for one day of the event, and a function `(event, day)` that returns
the recipients: accounts (anything with `email` and `preferred_language`) or
`Recipient` values for people without an account (townhall guests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

LANGUAGES = ("ko", "en")


@dataclass(frozen=True)
class Recipient:
    """Someone an announcement goes to, in the language they read their emails in."""

    email: str
    language: str


@dataclass(frozen=True)
class Segment:
    key: str
    label: Promise | str
    recipients: Callable[[Any, Any], Iterable[Any]]
    takes_day: bool = False


_segments: dict[str, Segment] = {}


def register_segment(
    key: str, label: Promise | str, recipients: Callable[[Any, Any], Iterable[Any]], *, takes_day: bool = False
) -> None:
    """Adds a segment; the same function registered again (a second ready()) replaces it, another one is refused."""
    known = _segments.get(key)
    if known is not None and known.recipients.__qualname__ != recipients.__qualname__:
        raise ImproperlyConfigured(f"two apps register the announcement segment {key!r}")
    if len(key) > 32:
        raise ImproperlyConfigured(f"announcement segment keys have at most 32 characters: {key!r}")
    _segments[key] = Segment(key=key, label=label, recipients=recipients, takes_day=takes_day)


def segments() -> list[Segment]:
    """Every registered segment, in the order the apps registered them (INSTALLED_APPS)."""
    return list(_segments.values())


def get_segment(key: str) -> Segment | None:
    return _segments.get(key)


def segment_choices() -> list[tuple[str, Promise | str]]:
    """(key, label) of every segment: the choices of an announcement's "to" field."""
    return [(segment.key, segment.label) for segment in _segments.values()]


def segment_label(key: str) -> str:
    segment = _segments.get(key)
    return str(segment.label) if segment else key


def _as_recipient(person) -> Recipient:
    if isinstance(person, Recipient):
        return person
    language = getattr(person, "preferred_language", "") or ""
    return Recipient(email=person.email, language=language if language in LANGUAGES else LANGUAGES[0])


def recipients_of(key: str, *, event, day=None) -> list[Recipient]:
    """The segment's recipients for the event (and day), each address once, in the order the segment gives.

    An unknown key (a segment whose app was removed) reaches nobody.
    """
    segment = _segments.get(key)
    if segment is None:
        return []
    found: dict[str, Recipient] = {}
    for person in segment.recipients(event, day if segment.takes_day else None):
        recipient = _as_recipient(person)
        found.setdefault(recipient.email.lower(), recipient)
    return list(found.values())
