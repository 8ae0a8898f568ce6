from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from common.api import json_endpoint
from common.desk import (
    DeskPerson,
    count_answer,
    desk_count_endpoint,
    desk_panel,
    desk_search_endpoint,
    email_hint,
    search_answer,
)
from common.input import JsonInputError
from common.scanner_page import render_scanner
from common.scanning import SCAN, csrf_rejected, read_scan, scan_answer, scan_responses
from registration.badges import badge_qr_svg
from registration.selectors import access_event, may_check_in

from . import services
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
    if not may_check_in(request.user, event, kind="door"):
        raise Http404("No such page.")
    return render_scanner(
        request,
        event=event,
        title=_("Townhall door"),
        action=_("Door check-in"),
        endpoint=reverse("api-townhall-door", args=[event.slug]),
        storage_key=f"door-{event.pk}",
        created_label=_("Welcome"),
        duplicate_label=_("Already checked in"),
        code_label=_("Guest code"),
        malformed_label=_("Not a guest code"),
        extra_context=desk_panel(
            search_url=reverse("api-townhall-door-people", args=[event.slug]),
            count_url=reverse("api-townhall-door-count", args=[event.slug]),
            search_label=_("Find a guest by name, email or organisation"),
        ),
    )


DOOR_ANSWERS = {
    "created": 201,
    "duplicate": 200,
    "unknown_badge": 404,
    "cancelled": 409,
    "not_registered_today": 409,
    "not_staff": 403,
    "malformed": 400,
}


DOOR_ANSWER = scan_answer("DoorAnswer", DOOR_ANSWERS)


@json_endpoint(
    "post",
    summary="Check a townhall guest in at the door",
    description="Organisers and people with the event's door role; the guest's code from the invitation.",
    request=SCAN,
    responses=scan_responses(DOOR_ANSWER, DOOR_ANSWERS),
    security=("session",),
    tags=("scanning",),
)
@csrf_exempt  # checked below once the caller is known
def door_check_in(request, event_slug: str):
    if request.method != "POST":
        return JsonResponse({"status": "malformed", "message": _("Use POST.")}, status=405)
    townhall = Townhall.objects.select_related("event").filter(event__slug=event_slug).first()
    if townhall is None or not may_check_in(request.user, townhall.event, kind="door"):
        return JsonResponse({"status": "not_staff", "message": _("You may not check guests in")}, status=403)
    if csrf_rejected(request):
        return JsonResponse({"status": "malformed", "message": _("The CSRF token is missing or wrong.")}, status=403)
    try:
        clean, errors = read_scan(request)
    except JsonInputError as error:
        return error.response()
    if errors:
        return JsonResponse({"status": "malformed", "message": _("Not a guest code"), "errors": errors}, status=400)
    result = services.check_in_guest(townhall=townhall, code=clean["badge_code"])
    messages_by_outcome = {
        "created": _("Welcome"),
        "duplicate": _("Already checked in"),
        "unknown_badge": _("Unknown guest code"),
        "cancelled": _("Declined the invitation"),
        "not_registered_today": _("No seat tonight"),
    }
    body = {"status": result.outcome, "message": messages_by_outcome[result.outcome]}
    guest = result.visit
    if guest is not None:
        detail = _door_detail(guest, waitlist_position(guest), townhall) if result.outcome != "created" else ""
        if detail:
            body["detail"] = detail
        body["visitor"] = {
            "shared": True,
            "name": guest.name,
            "organisation": guest.organisation,
            "category": guest.get_sector_display(),
        }
        if guest.table_id:
            body["visitor"]["interests"] = [_("Table %(number)s") % {"number": guest.table.number}]
    return JsonResponse(body, status=DOOR_ANSWERS[result.outcome])


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
        status, label = "duplicate", _("Already checked in")
    elif guest.status == GuestStatus.ACCEPTED:
        status, label = "expected", _("Has a seat")
    elif guest.status == GuestStatus.DECLINED:
        status, label = "cancelled", _("Declined the invitation")
    else:
        status, label = "not_registered_today", _("No seat tonight")
    detail = _door_detail(guest, guest.position, townhall)
    if guest.table_id and status in {"expected", "duplicate"}:
        detail = " · ".join(filter(None, [detail, _("Table %(number)s") % {"number": guest.table.number}]))
    return DeskPerson(
        name=guest.name,
        organisation=guest.organisation,
        email=email_hint(guest.email),
        code=guest.door_code,
        status=status,
        label=label,
        detail=detail,
    )


def _door_townhall(request, event_slug: str) -> Townhall | None:
    townhall = Townhall.objects.select_related("event").filter(event__slug=event_slug).first()
    return townhall if townhall is not None and may_check_in(request.user, townhall.event, kind="door") else None


@desk_search_endpoint("townhall door")
@require_safe
def door_desk_search(request, event_slug: str):
    """The townhall's guests by name, email or organisation, with where each stands tonight."""
    townhall = _door_townhall(request, event_slug)
    if townhall is None:
        return JsonResponse({"status": "not_staff", "message": _("You may not check guests in")}, status=403)

    def find(query: str, limit: int) -> list[DeskPerson]:
        return [_door_person(guest, townhall) for guest in door_guests(townhall=townhall, query=query, limit=limit)]

    return search_answer(request, find)


@desk_count_endpoint("townhall door")
@require_safe
def door_desk_count(request, event_slug: str):
    """How many guests came in tonight, of those with a seat."""
    townhall = _door_townhall(request, event_slug)
    if townhall is None:
        return JsonResponse({"status": "not_staff", "message": _("You may not check guests in")}, status=403)
    count, seated = door_count(townhall)
    label = _("%(count)s of %(expected)s seated guests checked in tonight") % {"count": count, "expected": seated}
    return count_answer(count=count, expected=seated, label=label)
