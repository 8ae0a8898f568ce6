"""One registry of the personal data the apps hold: what a person may download, and what is erased.

Each app registers its providers in its AppConfig.ready(), as it registers its
scanner roles. A provider names the models it covers (a test fails when a model
that holds a person is covered by none), exports what it holds about a person
as JSON, and erases it, anonymising what must stay as a count. Providers that
hold an event's attendees also say who those people are and forget them when
the event's retention period is over; a provider with a period of its own
(booth leads) applies it in `expire`.

The registry decides nothing about when: the registration app's services do.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# The address an erased recipient or guest gets: unique per row (unique keys hold), never deliverable.
ERASED_DOMAIN = "erased.invalid"


def erased_address(kind: str, pk: int) -> str:
    return f"erased-{kind}-{pk}@{ERASED_DOMAIN}"


@dataclass(frozen=True)
class PersonalDataProvider:
    """What one part of an app holds about people.

    key: stable name, the key of its section in the person's download.
    label: a lazily translated name of the section, shown in the person's language.
    models: "app_label.ModelName" of every model whose personal data it covers.
    export(user): JSON-serialisable data about the person.
    erase(user): removes or anonymises it; runs inside the account deletion's transaction,
        after the person's seats and bookings were cancelled through the services.
    event_people(event): lower-cased email addresses of the event's attendees it holds.
    forget_event(event, emails): erases the event's attendee data once its retention is over;
        emails are everyone event_people named, collected before any provider forgot anything.
    expire(now): applies a retention period of the provider's own; returns how many rows changed.
    erase_order: lower runs first; the registration app's records, which others find people by, go last.
    """

    key: str
    label: Any
    models: tuple[str, ...]
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]
    event_people: Callable[[Any], set[str]] | None = None
    forget_event: Callable[[Any, set[str]], None] | None = None
    expire: Callable[[datetime.datetime], int] | None = None
    erase_order: int = 0


_providers: dict[str, PersonalDataProvider] = {}


def register_provider(provider: PersonalDataProvider) -> None:
    """Adds a provider; registering the same key again (a second ready()) replaces it."""
    _providers[provider.key] = provider


def providers() -> list[PersonalDataProvider]:
    return list(_providers.values())


def covered_models() -> set[str]:
    return {label for provider in _providers.values() for label in provider.models}


def export_person(user) -> dict:
    """Every provider's section, under its key, with a table of contents in the reader's language."""
    data: dict[str, Any] = {"contents": {provider.key: str(provider.label) for provider in providers()}}
    for provider in providers():
        data[provider.key] = provider.export(user)
    return data


def erase_person(user) -> None:
    """Runs every provider's erase, in erase_order; the caller owns the transaction."""
    for provider in sorted(providers(), key=lambda provider: provider.erase_order):
        provider.erase(user)


def event_people(event) -> set[str]:
    people: set[str] = set()
    for provider in providers():
        if provider.event_people is not None:
            people |= {email.lower() for email in provider.event_people(event)}
    return people


def forget_event(event) -> set[str]:
    """Every provider forgets the event's attendees; returns whose data it was."""
    people = event_people(event)
    for provider in sorted(providers(), key=lambda provider: provider.erase_order):
        if provider.forget_event is not None:
            provider.forget_event(event, people)
    return people


def expire(now: datetime.datetime) -> dict[str, int]:
    return {provider.key: provider.expire(now) for provider in providers() if provider.expire is not None}


def matching(emails: Iterable[str]) -> list[str]:
    """Lower-cased, without the placeholders of rows erased before."""
    return sorted({email.lower() for email in emails if email and not email.endswith("@" + ERASED_DOMAIN)})
