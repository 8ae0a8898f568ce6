"""The check-in desks' search and live count (the entrance, the townhall door), beside the shared scanner.

common knows no people or roles: each app finds its own people (registrations,
guests) and decides who may search; this module only says what a search asks
and how a found person and the count travel to the desk's page, so the two
desks speak the same JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .api import Component, json_endpoint
from .check_in_points import check_in_point
from .input import clean_text
from .scanner_page import render_scanner
from .scanning import SCAN_ANSWER, ScanOutcome

MIN_QUERY = 2
MAX_QUERY = 100
MAX_RESULTS = 20
DESK_PANEL_TEMPLATE = "common/desk_panel.html"
# Where a person found at a desk stands: "expected" (may come in now), or what scanning them would answer.
EXPECTED = "expected"
DESK_STATUSES = (EXPECTED, ScanOutcome.ALREADY_RECORDED, ScanOutcome.NOT_EXPECTED, ScanOutcome.CANCELLED)


@dataclass(frozen=True)
class DeskPerson:
    """One person found at a desk.

    `status` uses the scanner's outcomes (common.scanning.ScanOutcome), so the page
    colours a found person as it would colour that person's scan: "expected" (may
    come in now), "already_recorded" (already in), "not_expected" (known, but no
    place now), "cancelled".
    `code` is what the desk's check-in button sends to the scan endpoint.
    """

    name: str
    organisation: str
    email: str
    code: str
    status: str
    label: str
    detail: str = ""


DESK_PERSON = Component(
    "DeskPerson",
    {
        "type": "object",
        "required": ["name", "organisation", "email", "code", "status", "label"],
        "properties": {
            "name": {"type": "string"},
            "organisation": {"type": "string"},
            "email": {"type": "string", "description": "Part of the address only, to tell namesakes apart"},
            "code": {"type": "string", "description": "What the check-in button sends to the scan endpoint"},
            "status": {"type": "string", "enum": [str(status) for status in DESK_STATUSES]},
            "label": {"type": "string"},
            "detail": {"type": "string"},
        },
    },
)
DESK_SEARCH = Component(
    "DeskSearch",
    {
        "type": "object",
        "required": ["query", "results", "more", "message"],
        "properties": {
            "query": {"type": "string"},
            "results": {"type": "array", "items": DESK_PERSON, "maxItems": MAX_RESULTS},
            "more": {"type": "boolean"},
            "message": {"type": "string"},
        },
    },
)
DESK_COUNT = Component(
    "DeskCount",
    {
        "type": "object",
        "required": ["count", "expected", "label"],
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "expected": {"type": "integer", "minimum": 0},
            "label": {"type": "string"},
        },
    },
)
QUERY = {
    "name": "q",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": f"At least {MIN_QUERY} letters of a name, an email or (at the door) an organisation",
}


def desk_search_endpoint(place: str):
    """The OpenAPI description of a desk's search (`place`: "entrance desk", "townhall door")."""
    return json_endpoint(
        "get",
        summary=f"Find people by name or email at the {place}",
        parameters=(QUERY,),
        responses={
            200: (f"Up to {MAX_RESULTS} people found, with where each stands", DESK_SEARCH),
            403: ("`forbidden`: not someone who checks people in here", SCAN_ANSWER),
            405: ("Only GET is allowed",),
        },
        security=("session",),
        tags=("desks",),
    )


def desk_count_endpoint(place: str):
    """The OpenAPI description of a desk's live count."""
    return json_endpoint(
        "get",
        summary=f"How many people have come in at the {place}",
        responses={
            200: ("The count, of how many are expected, with its words", DESK_COUNT),
            403: ("`forbidden`: not someone who checks people in here", SCAN_ANSWER),
            405: ("Only GET is allowed",),
        },
        security=("session",),
        tags=("desks",),
    )


def desk_panel(*, search_url: str, count_url: str, search_label: str) -> dict:
    """What the scanner page needs to show a desk's search and live count beside the scanner."""
    return {
        "desk_panel_template": DESK_PANEL_TEMPLATE,
        "desk_search_url": search_url,
        "desk_count_url": count_url,
        "desk_search_label": search_label,
    }


def render_desk(
    request,
    *,
    point: str,
    event,
    action: str,
    endpoint: str,
    search_url: str,
    count_url: str,
    search_label: str,
    code_label: str = "",
):
    """A check-in point's desk: the shared scanner titled as the point is registered, its queue of
    unsent scans named after the point and the event, and the desk's search and live count beside it."""
    desk = check_in_point(point)
    if desk is None:
        raise LookupError(f"No check-in point {point!r} is registered")
    return render_scanner(
        request,
        event=event,
        title=str(desk.label),
        action=action,
        endpoint=endpoint,
        storage_key=f"{desk.key}-{event.pk}",
        code_label=code_label,
        extra_context=desk_panel(search_url=search_url, count_url=count_url, search_label=search_label),
    )


def email_hint(email: str) -> str:
    """Enough of an address to tell two namesakes apart, not the whole address: "ki…@example.org"."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return ""
    return f"{local[:2]}…@{domain}"


def desk_query(request) -> str:
    """The typed name or email, trimmed to something sensible; "" when there is nothing to search for."""
    raw = request.GET.get("q", "")
    query = " ".join(clean_text(raw).split())[:MAX_QUERY] if isinstance(raw, str) else ""
    return query if len(query) >= MIN_QUERY else ""


def search_answer(request, find: Callable[[str, int], list[DeskPerson]]) -> JsonResponse:
    """The desk's search: up to MAX_RESULTS people matching the query, and whether there were more."""
    query = desk_query(request)
    if not query:
        message = _("Type at least %(count)s letters of a name or email.") % {"count": MIN_QUERY}
        return JsonResponse({"query": "", "results": [], "more": False, "message": message})
    people = find(query, MAX_RESULTS + 1)
    more = len(people) > MAX_RESULTS
    if not people:
        message = _("Nobody found for “%(query)s”.") % {"query": query}
    elif more:
        message = _("More than %(count)s people match: type more of the name.") % {"count": MAX_RESULTS}
    else:
        message = ""
    return JsonResponse(
        {
            "query": query,
            "results": [asdict(person) for person in people[:MAX_RESULTS]],
            "more": more,
            "message": message,
        }
    )


def count_answer(*, count: int, expected: int, label: str) -> JsonResponse:
    return JsonResponse({"count": count, "expected": expected, "label": label}, headers={"Cache-Control": "no-store"})
