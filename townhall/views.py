from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from common.api import json_endpoint
from common.desk import (
    EXPECTED,
    DeskPerson,
    count_answer,
    desk_count_endpoint,
    desk_search_endpoint,
    email_hint,
    render_desk,
    search_answer,
)
from common.input import JsonInputError
from common.scanning import (
    SCAN,
    ScanOutcome,
    ScanPerson,
    ScanRecord,
    method_not_allowed,
    read_scan,
    scan_answer,
    scan_responses,
    session_scan_refusal,
)
from registration.badges import badge_qr_svg
from registration.selectors import access_event, may_check_in

from . import services
from .apps import DOOR
from .enums import GuestStatus
from .models import Guest, Townhall
from .selectors import door_count, door_guests, waitlist_position

# The RSVP page's own language switch sends the visitor back with this, so the page knows the choice was theirs.
LANGUAGE_CHOSEN = "chosen"


def _rsvp_language(request, guest: Guest) -> str:
    """The guest's own language (the one their invitation was written in), unless they switched on this page."""
    if request.GET.get("language") == LANGUAGE_CHOSEN:
        return request.LANGUAGE_CODE
    return guest.language if guest.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _rsvp_url(request, token: str, *, change: bool = False) -> str:
    query = {"language": LANGUAGE_CHOSEN} if request.GET.get("language") == LANGUAGE_CHOSEN else {}
    if change:
        query["change"] = "1"
    url = reverse("townhall:rsvp", args=[token])
    return f"{url}?{urlencode(query)}" if query else url


@require_http_methods(["GET", "POST"])
def rsvp(request, token: str):
    """The guest's personal page: no sign-in, the unguessable token is the key."""
    guest = Guest.objects.select_related("townhall__event", "table").filter(rsvp_token=token).first()
    if guest is None:
        return render(request, "townhall/rsvp_unknown.html", status=404)
    language = _rsvp_language(request, guest)
    with translation.override(language):
        response = _rsvp_page(request, guest, token)
    response["Content-Language"] = language
    return response


def _rsvp_page(request, guest: Guest, token: str):
    townhall = guest.townhall
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in {"accept", "decline"}:
            messages.error(request, _("Choose whether you will attend."))
            return redirect(_rsvp_url(request, token, change=True) + "#answer")
        try:
            services.answer_rsvp(
                guest=guest, attending=answer == "accept", dietary_needs=request.POST.get("dietary_needs", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your answer is saved."))
        return redirect(_rsvp_url(request, token))
    position = waitlist_position(guest)
    answered = guest.status in {GuestStatus.ACCEPTED, GuestStatus.WAITLISTED, GuestStatus.DECLINED}
    return render(
        request,
        "townhall/rsvp.html",
        {
            "guest": guest,
            "townhall": townhall,
            "event": townhall.event,
            "is_open": townhall.is_open_for_answers(),
            "answered": answered,
            "change": request.GET.get("change") == "1",
            "position": position,
            "door_qr": badge_qr_svg(guest.door_code) if guest.status == GuestStatus.ACCEPTED else None,
            # The header's language links come back here marked as the visitor's own choice.
            "language_next": f"{request.path}?language={LANGUAGE_CHOSEN}",
        },
    )


@login_required
@require_safe
def door_scanner(request, event_slug: str):
    event = access_event(request.user, event_slug)
    if not may_check_in(request.user, event, kind=DOOR):
        raise Http404("No such page.")
    return render_desk(
        request,
        point=DOOR,
        event=event,
        action=_("Door check-in"),
        endpoint=reverse("api-townhall-door", args=[event.slug]),
        search_url=reverse("api-townhall-door-people", args=[event.slug]),
        count_url=reverse("api-townhall-door-count", args=[event.slug]),
        search_label=_("Find a guest by name, email or organisation"),
        code_label=_("Guest code"),
    )


# The door's words for each outcome of a scan (common.scanning).
WORDS: dict[ScanOutcome, str] = {
    ScanOutcome.RECORDED: gettext_lazy("Welcome"),
    ScanOutcome.ALREADY_RECORDED: gettext_lazy("Already checked in"),
    ScanOutcome.NOT_FOUND: gettext_lazy("Unknown guest code"),
    ScanOutcome.CANCELLED: gettext_lazy("Declined the invitation"),
    ScanOutcome.NOT_EXPECTED: gettext_lazy("No seat tonight"),
    ScanOutcome.FORBIDDEN: gettext_lazy("You may not check guests in"),
    ScanOutcome.MALFORMED: gettext_lazy("Not a guest code"),
}


def _table_words(guest: Guest) -> str:
    return _("Table %(number)s") % {"number": guest.table.number} if guest.table_id else ""


@json_endpoint(
    "post",
    summary="Check a townhall guest in at the door",
    description=(
        "Organisers and people with the event's door role; the guest's code from the invitation. A replayed "
        "nonce answers its first scan's outcome again (`replayed`) and counts nothing; `extras.table` is the "
        "guest's table number."
    ),
    request=SCAN,
    responses=scan_responses(),
    security=("session",),
    tags=("scanning",),
)
@csrf_exempt  # checked below once the caller is known
def door_check_in(request, event_slug: str):
    if request.method != "POST":
        return method_not_allowed()
    townhall = Townhall.objects.select_related("event").filter(event__slug=event_slug).first()
    allowed = townhall is not None and may_check_in(request.user, townhall.event, kind=DOOR)
    refusal = session_scan_refusal(request, allowed=allowed, words=WORDS)
    if refusal is not None:
        return refusal
    try:
        clean, errors = read_scan(request)
    except JsonInputError as error:
        return error.response()
    if errors:
        return scan_answer(ScanOutcome.MALFORMED, WORDS, errors=errors)
    result = services.check_in_guest(
        townhall=townhall, code=clean["badge_code"], nonce=clean["nonce"], scanned_at=clean["scanned_at"]
    )
    if result.outcome == ScanOutcome.MALFORMED:  # a nonce that let another guest in
        return scan_answer(result.outcome, WORDS, errors={"nonce": _("This nonce belongs to another scan.")})
    guest = result.subject
    if guest is None:
        return scan_answer(result.outcome, WORDS)
    seated = result.outcome in {ScanOutcome.RECORDED, ScanOutcome.ALREADY_RECORDED}
    detail = "" if result.outcome == ScanOutcome.RECORDED else _door_detail(guest, waitlist_position(guest), townhall)
    if seated:
        detail = " · ".join(filter(None, [detail, _table_words(guest)]))
    return scan_answer(
        result.outcome,
        WORDS,
        detail=detail,
        replayed=result.replayed,
        person=ScanPerson(
            shared=True, name=guest.name, organisation=guest.organisation, category=guest.get_sector_display()
        ),
        record=ScanRecord(id=guest.pk, at=guest.checked_in_at) if seated and guest.checked_in_at else None,
        extras={"table": guest.table.number} if seated and guest.table_id else None,
    )


def _door_detail(guest: Guest, position: int | None, townhall: Townhall) -> str:
    """Why a guest may or may not come in, in the door staff's language."""
    if guest.checked_in_at is not None:
        moment = timezone.localtime(guest.checked_in_at, townhall.event.zone)
        return _("Checked in at %(time)s") % {"time": time_format(moment)}
    if guest.status == GuestStatus.WAITLISTED:
        return _("On the waitlist, number %(position)s.") % {"position": position}
    if guest.status in {GuestStatus.SENT, GuestStatus.NOT_SENT}:
        return _("Has not answered the invitation.")
    return ""


def _door_person(guest: Guest, townhall: Townhall) -> DeskPerson:
    if guest.checked_in_at is not None:
        status = ScanOutcome.ALREADY_RECORDED
    elif guest.status == GuestStatus.ACCEPTED:
        status = EXPECTED
    elif guest.status == GuestStatus.DECLINED:
        status = ScanOutcome.CANCELLED
    else:
        status = ScanOutcome.NOT_EXPECTED
    label = _("Has a seat") if status == EXPECTED else str(WORDS[status])
    detail = _door_detail(guest, guest.position, townhall)
    if status in {EXPECTED, ScanOutcome.ALREADY_RECORDED}:
        detail = " · ".join(filter(None, [detail, _table_words(guest)]))
    return DeskPerson(
        name=guest.name,
        organisation=guest.organisation,
        email=email_hint(guest.email),
        code=guest.door_code,
        status=str(status),
        label=label,
        detail=detail,
    )


def _door_townhall(request, event_slug: str) -> Townhall | None:
    townhall = Townhall.objects.select_related("event").filter(event__slug=event_slug).first()
    return townhall if townhall is not None and may_check_in(request.user, townhall.event, kind=DOOR) else None


@desk_search_endpoint("townhall door")
@require_safe
def door_desk_search(request, event_slug: str):
    """The townhall's guests by name, email or organisation, with where each stands tonight."""
    townhall = _door_townhall(request, event_slug)
    if townhall is None:
        return scan_answer(ScanOutcome.FORBIDDEN, WORDS)

    def find(query: str, limit: int) -> list[DeskPerson]:
        return [_door_person(guest, townhall) for guest in door_guests(townhall=townhall, query=query, limit=limit)]

    return search_answer(request, find)


@desk_count_endpoint("townhall door")
@require_safe
def door_desk_count(request, event_slug: str):
    """How many guests came in tonight, of those with a seat."""
    townhall = _door_townhall(request, event_slug)
    if townhall is None:
        return scan_answer(ScanOutcome.FORBIDDEN, WORDS)
    count, seated = door_count(townhall)
    label = _("%(count)s of %(expected)s seated guests checked in tonight") % {"count": count, "expected": seated}
    return count_answer(count=count, expected=seated, label=label)
