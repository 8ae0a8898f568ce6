"""The entrance desk's check-in API, behind the shared scanner page, and the desk's search and count."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from common.api import json_endpoint
from common.desk import (
    EXPECTED,
    DeskPerson,
    count_answer,
    desk_count_endpoint,
    desk_search_endpoint,
    email_hint,
    search_answer,
)
from common.input import JsonInputError
from common.scanning import (
    SCAN,
    ScanOutcome,
    ScanRecord,
    ScanResult,
    method_not_allowed,
    read_scan,
    scan_answer,
    scan_responses,
    session_scan_refusal,
)
from events.models import Event

from . import services
from .badge_lookup import day_standing
from .enums import DayStatus
from .selectors import desk_registrations, desk_today, entrance_count, may_check_in

# The entrance desk's words for each outcome of a scan (common.scanning).
WORDS: dict[ScanOutcome, str] = {
    ScanOutcome.RECORDED: gettext_lazy("Welcome: checked in"),
    ScanOutcome.ALREADY_RECORDED: gettext_lazy("Already checked in today"),
    ScanOutcome.NOT_FOUND: gettext_lazy("Unknown badge"),
    ScanOutcome.CANCELLED: gettext_lazy("Cancelled registration"),
    ScanOutcome.NOT_EXPECTED: gettext_lazy("Not registered for today"),
    ScanOutcome.FORBIDDEN: gettext_lazy("You may not check people in"),
    ScanOutcome.MALFORMED: gettext_lazy("Not a badge code"),
}


def _not_today_detail(status: str | None, confirmed_dates) -> str:
    """What a person turned away at the desk does have, in the desk's language."""
    if status == DayStatus.WAITLISTED:
        return _("On the waitlist for today, not confirmed.")
    if status == DayStatus.PENDING:
        return _("Waiting for the organisers' approval for today.")
    if confirmed_dates:
        days = ", ".join(date_format(date, "MONTH_DAY_FORMAT") for date in confirmed_dates)
        return _("Registered for %(days)s only.") % {"days": days}
    return _("No confirmed day at this event.")


def _checked_in_detail(moment, event: Event) -> str:
    return _("Checked in at %(time)s") % {"time": time_format(timezone.localtime(moment, event.zone))}


def _cancelled_detail(cancelled_at, event: Event) -> str:
    when = date_format(timezone.localtime(cancelled_at, event.zone), "MONTH_DAY_FORMAT")
    return _("Cancelled on %(date)s.") % {"date": when}


def _scan_answer(result: ScanResult, *, event: Event, scanned_at) -> JsonResponse:
    """The scan's outcome in the shared answer: the holder's name (turned-away people too) and why."""
    holder, check_in = result.subject, result.record
    if result.outcome == ScanOutcome.MALFORMED:  # a nonce of another person's scan
        return scan_answer(result.outcome, WORDS, errors={"nonce": _("This nonce belongs to another scan.")})
    detail = ""
    if result.outcome == ScanOutcome.ALREADY_RECORDED and check_in is not None:
        detail = _checked_in_detail(check_in.checked_in_at, event)
    elif result.outcome == ScanOutcome.CANCELLED:
        detail = _cancelled_detail(holder.cancelled_at, event)
    elif result.outcome == ScanOutcome.NOT_EXPECTED:
        date = timezone.localtime(scanned_at, event.zone).date()
        standing = day_standing(registration_id=holder.registration_id, date=date)
        detail = _not_today_detail(standing.status, standing.confirmed_dates)
    return scan_answer(
        result.outcome,
        WORDS,
        detail=detail,
        replayed=result.replayed,
        person=holder.person(shared=True, contact=False) if holder is not None else None,
        record=(
            ScanRecord(id=check_in.pk, at=check_in.checked_in_at, day=check_in.day.date)
            if check_in is not None
            else None
        ),
    )


@json_endpoint(
    "post",
    summary="Check a badge in at the entrance desk",
    description=(
        "Organisers and people with the event's entrance check-in role; once per person and day. A replayed "
        "nonce answers its first scan's outcome again (`replayed`) and counts nothing."
    ),
    request=SCAN,
    responses=scan_responses(),
    security=("session",),
    tags=("scanning",),
)
@csrf_exempt  # checked below, after the caller is known to be signed in
def check_in(request, event_slug: str):
    if request.method != "POST":
        return method_not_allowed()
    event = Event.objects.filter(slug=event_slug).first()
    allowed = event is not None and may_check_in(request.user, event)
    refusal = session_scan_refusal(request, allowed=allowed, words=WORDS)
    if refusal is not None:
        return refusal
    try:
        clean, errors = read_scan(request, normalise_code=services.normalise_badge_code)
    except JsonInputError as error:
        return error.response()
    if errors:
        return scan_answer(ScanOutcome.MALFORMED, WORDS, errors=errors)
    result = services.check_in_at_entrance(event=event, scanned_by=request.user, **clean)
    return _scan_answer(result, event=event, scanned_at=clean["scanned_at"])


def _desk_event(request, event_slug: str) -> Event | None:
    event = Event.objects.filter(slug=event_slug).first()
    return event if event is not None and may_check_in(request.user, event) else None


def _desk_person(registration, event: Event) -> DeskPerson:
    profile = getattr(registration.user, "attendee_profile", None)
    organisation = profile.organization.name if profile and profile.organization else ""
    if registration.cancelled_at is not None:
        status, detail = ScanOutcome.CANCELLED, _cancelled_detail(registration.cancelled_at, event)
    elif registration.checked_in_at is not None:
        status, detail = ScanOutcome.ALREADY_RECORDED, _checked_in_detail(registration.checked_in_at, event)
    elif registration.today_status == DayStatus.CONFIRMED:
        status, detail = EXPECTED, ""
    else:
        status = ScanOutcome.NOT_EXPECTED
        detail = _not_today_detail(registration.today_status, registration.confirmed_dates)
    label = _("Confirmed for today") if status == EXPECTED else str(WORDS[status])
    return DeskPerson(
        name=profile.full_name if profile else "",
        organisation=organisation,
        email=email_hint(registration.user.email),
        code=registration.badge_code,
        status=str(status),
        label=label,
        detail=detail,
    )


@desk_search_endpoint("entrance desk")
@require_safe
def desk_search(request, event_slug: str):
    """People registered for the event, by name or email, with where they stand today."""
    event = _desk_event(request, event_slug)
    if event is None:
        return scan_answer(ScanOutcome.FORBIDDEN, WORDS)
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
        return scan_answer(ScanOutcome.FORBIDDEN, WORDS)
    count, expected, is_event_day = entrance_count(event=event, on=desk_today(event))
    if not is_event_day:
        label = _("Today is not a day of this event.")
    else:
        label = _("%(count)s of %(expected)s confirmed people checked in today") % {
            "count": count,
            "expected": expected,
        }
    return count_answer(count=count, expected=expected, label=label)
