"""Who may use the shared badge scanner's server-side helpers, decided by the apps that give scanning roles.

common knows no roles; each app that lets people scan (booth staff, the
entrance and door check-in roles) registers a predicate in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable

_rules: list[Callable[[object], bool]] = []


def register_scanner_role(rule: Callable[[object], bool]) -> Callable[[object], bool]:
    """Adds a predicate user -> bool saying the user scans badges somewhere."""
    if rule not in _rules:
        _rules.append(rule)
    return rule


def may_use_scanner(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(rule(user) for rule in _rules)
