"""The places where people are checked in by a scanned code (the entrance, the townhall door), registered by their apps.

common knows no places: each app that checks people in registers its point in its
AppConfig.ready() (registration the entrance, townhall the door). Check-in roles
(`registration.CheckInRole.kind`) take their choices from here, the desks take their
title and their queue's name from here, and the admin links each role to its desk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from .scanning import ScanResult


@dataclass(frozen=True)
class CheckInPoint:
    """One place people are checked in at.

    `check_in(*, event, code, nonce, scanned_at, scanned_by=None) -> ScanResult` is the
    app's service behind the point's scan endpoint: once per person (and day), a replayed
    nonce answering its first outcome again without counting.
    """

    key: str
    label: str  # a lazy translation: the desk's title, the role's name
    desk_url_name: str  # the desk page, reversed with the event's slug
    check_in: Callable[..., ScanResult]
    # Besides the check-in area, the team area (events.enums.Area) whose members may also check people in here.
    team_area: str = ""

    def desk_url(self, event) -> str:
        return reverse(self.desk_url_name, args=[event.slug])


_points: dict[str, CheckInPoint] = {}


def register_check_in_point(point: CheckInPoint) -> CheckInPoint:
    existing = _points.get(point.key)
    if existing is not None and existing != point:
        raise ValueError(f"Check-in point {point.key!r} is registered twice")
    _points[point.key] = point
    return point


def check_in_points() -> list[CheckInPoint]:
    return list(_points.values())


def check_in_point(key: str) -> CheckInPoint | None:
    return _points.get(key)


def check_in_point_choices() -> list[tuple[str, str]]:
    """The choices of a check-in role's place (a callable, so the model lists no app's words)."""
    return [(point.key, point.label) for point in _points.values()]
