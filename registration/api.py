"""The entrance desk's check-in API, behind the shared scanner page, and the desk's search and count."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from common.api import json_endpoint
from common.desk import (
    DeskPerson,
    count_answer,
    desk_count_endpoint,
    desk_search_endpoint,
    email_hint,
    search_answer,
)
from common.input import JsonInputError
from common.scanning import SCAN, csrf_rejected, read_scan, scan_answer, scan_responses
from events.models import Event

from . import services
from .enums import DayStatus
from .selectors import desk_registrations, desk_today, entrance_count, may_check_in

ANSWERS = {
    "created": (201, lambda: _("Welcome: checked in")),
    "duplicate": (200, lambda: _("Already checked in today")),
    "unknown_badge": (404, lambda: _("Unknown badge")),
    "cancelled": (409, lambda: _("Cancelled registration")),
    "not_registered_today": (409, lambda: _("Not registered for today")),
    "not_staff": (403, lambda: _("You may not check people in")),
    "malformed": (400, lambda: _("Malformed request")),
}


def _not_today_detail(registration) -> str:
    """What a person turned away at the desk does have, in the desk's language."""
    if registration.today_status == DayStatus.WAITLISTED:
        return _("On the waitlist for today, not confirmed.")
    if registration.today_status == DayStatus.PENDING:
        return _("Waiting for the organisers' approval for today.")
    if registration.confirmed_dates:
        days = ", ".join(date_format(date, "MONTH_DAY_FORMAT") for date in registration.confirmed_dates)
        return _("Registered for %(days)s only.") % {"days": days}
    return _("No confirmed day at this event.")


def _checked_in_detail(moment, event: Event) -> str:
    return _("Checked in at %(time)s") % {"time": time_format(timezone.localtime(moment, event.zone))}


def _cancelled_detail(registration, event: Event) -> str:
    when = date_format(timezone.localtime(registration.cancelled_at, event.zone), "MONTH_DAY_FORMAT")
    return _("Cancelled on %(date)s.") % {"date": when}


def _answer(outcome: str, *, event=None, check_in=None, errors=None, registration=None) -> JsonResponse:
    status, message = ANSWERS[outcome]
    body: dict = {"status": outcome, "message": message()}
    if errors:
        body["errors"] = errors
    if outcome == "not_registered_today" and registration is not None:
        body["detail"] = _not_today_detail(registration)
    if outcome == "cancelled" and registration is not None:
        body["detail"] = _cancelled_detail(registration, event)
    if outcome == "duplicate" and check_in is not None:
        body["detail"] = _checked_in_detail(check_in.checked_in_at, event)
    if check_in is not None:
        registration = check_in.registration
        body["visit"] = {"id": check_in.pk, "day": check_in.day.date.isoformat()}
    if registration is not None:
        # Whose badge it was, so the desk can tell them what it found; turned-away people too.
        card = getattr(registration, "card", {})
        body["visitor"] = {"shared": True, "name": card.get("name", ""), "organisation": card.get("organisation", ""),
                           "category": card.get("category", "")}  # fmt: skip
    return JsonResponse(body, status=status)


ENTRANCE_ANSWER = scan_answer(
    "EntranceAnswer",
    ANSWERS,
    extra={
        "detail": {"type": "string", "description": "For `not_registered_today`: what the person does have."},
        "visit": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "day": {"type": "string", "format": "date"}},
        },
    },
)


@json_endpoint(
    "post",
    summary="Check a badge in at the entrance desk",
    description="Organisers and people with the event's entrance check-in role; once per person and day.",
    request=SCAN,
    responses=scan_responses(ENTRANCE_ANSWER, {outcome: status for outcome, (status, _message) in ANSWERS.items()}),
    security=("session",),
    tags=("scanning",),
)
@csrf_exempt  # checked below, after the caller is known to be signed in
def check_in(request, event_slug: str):
    if request.method != "POST":
        return JsonResponse({"status": "malformed", "message": _("Use POST.")}, status=405)
    event = Event.objects.filter(slug=event_slug).first()
    if event is None or not may_check_in(request.user, event):
        return _answer("not_staff")
    if csrf_rejected(request):
        return JsonResponse({"status": "malformed", "message": _("The CSRF token is missing or wrong.")}, status=403)
    try:
        clean, errors = read_scan(request, normalise_code=services.normalise_badge_code)
    except JsonInputError as error:
        return error.response()
    if errors:
        return _answer("malformed", errors=errors)
    result = services.check_in_at_entrance(event=event, scanned_by=request.user, **clean)
    if result.outcome in {"not_registered_today", "cancelled"}:
        return _answer(result.outcome, event=event, registration=result.visit)
    return _answer(result.outcome, event=event, check_in=result.visit)


def _desk_event(request, event_slug: str) -> Event | None:
    event = Event.objects.filter(slug=event_slug).first()
    return event if event is not None and may_check_in(request.user, event) else None


def _desk_person(registration, event: Event) -> DeskPerson:
    profile = getattr(registration.user, "attendee_profile", None)
    organisation = profile.organization.name if profile and profile.organization else ""
    if registration.cancelled_at is not None:
        status, label, detail = "cancelled", _("Cancelled registration"), _cancelled_detail(registration, event)
    elif registration.checked_in_at is not None:
        status, label = "duplicate", _("Already checked in today")
        detail = _checked_in_detail(registration.checked_in_at, event)
    elif registration.today_status == DayStatus.CONFIRMED:
        status, label, detail = "expected", _("Confirmed for today"), ""
    else:
        status, label, detail = "not_registered_today", _("Not registered for today"), _not_today_detail(registration)
    return DeskPerson(
        name=profile.full_name if profile else "",
        organisation=organisation,
        email=email_hint(registration.user.email),
        code=registration.badge_code,
        status=status,
        label=label,
        detail=detail,
    )


@desk_search_endpoint("entrance desk")
@require_safe
def desk_search(request, event_slug: str):
    """People registered for the event, by name or email, with where they stand today."""
    event = _desk_event(request, event_slug)
    if event is None:
        return _answer("not_staff")
    today = desk_today(event)

    def find(query: str, limit: int) -> list[DeskPerson]:
        found = desk_registrations(event=event, query=query, on=today, limit=limit)
        return [_desk_person(registration, event) for registration in found]

    return search_answer(request, find)


@desk_count_endpoint("entrance desk")
@require_safe
def desk_count(request, event_slug: str):
    """How many people came in today, of those confirmed for today."""
    event = _desk_event(request, event_slug)
    if event is None:
        return _answer("not_staff")
    count, expected, is_event_day = entrance_count(event=event, on=desk_today(event))
    if not is_event_day:
        label = _("Today is not a day of this event.")
    else:
        label = _("%(count)s of %(expected)s confirmed people checked in today") % {
            "count": count,
            "expected": expected,
        }
    return count_answer(count=count, expected=expected, label=label)
