"""The entrance desk's check-in API, behind the shared scanner page."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from common.input import JsonInputError
from common.scanning import csrf_rejected, read_scan

from . import services
from .enums import DayStatus
from .models import Event
from .selectors import may_check_in

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


def _answer(outcome: str, *, check_in=None, errors=None, registration=None) -> JsonResponse:
    status, message = ANSWERS[outcome]
    body: dict = {"status": outcome, "message": message()}
    if errors:
        body["errors"] = errors
    if outcome == "not_registered_today" and registration is not None:
        body["detail"] = _not_today_detail(registration)
    if check_in is not None:
        card = getattr(check_in.registration, "card", {})
        body["visit"] = {"id": check_in.pk, "day": check_in.day.date.isoformat()}
        body["visitor"] = {"shared": True, "name": card.get("name", ""), "organisation": card.get("organisation", ""),
                           "category": card.get("category", "")}  # fmt: skip
    return JsonResponse(body, status=status)


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
    if result.outcome == "not_registered_today":
        return _answer(result.outcome, registration=result.visit)
    return _answer(result.outcome, check_in=result.visit)
