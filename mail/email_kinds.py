"""The kinds of email the site sends, each with a name people read (the outbox shows it).

Each app registers the kinds it sends in its `AppConfig.ready()`, as it does
its personal data: `common` knows no app's words.
"""

from __future__ import annotations

from django.utils.functional import Promise

_labels: dict[str, Promise | str] = {}


def register_email_kind(kind: str, label: Promise | str) -> None:
    _labels[kind] = label


def email_kind_label(kind: str) -> str:
    """The kind's name in the active language; the code itself for a kind nobody registered."""
    return str(_labels.get(kind, kind))


def email_kinds() -> list[tuple[str, str]]:
    """(code, name) of every registered kind, by name."""
    return sorted(((kind, str(label)) for kind, label in _labels.items()), key=lambda pair: pair[1])
