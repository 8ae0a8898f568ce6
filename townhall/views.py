from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from common.api import json_endpoint
from common.input import JsonInputError
from common.scanner_page import render_scanner
from common.scanning import SCAN, csrf_rejected, read_scan, scan_answer, scan_responses
from registration.badges import badge_qr_svg
from registration.selectors import access_event, may_check_in

from . import services
from .enums import GuestStatus
from .models import Guest, Townhall


@require_http_methods(["GET", "POST"])
def rsvp(request, token: str):
    """The guest's personal page: no sign-in, the unguessable token is the key."""
    guest = Guest.objects.select_related("townhall__event", "table").filter(rsvp_token=token).first()
    if guest is None:
        return render(request, "townhall/rsvp_unknown.html", status=404)
    townhall = guest.townhall
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in {"accept", "decline"}:
            messages.error(request, _("Choose whether you will attend."))
        else:
            try:
                services.answer_rsvp(
                    guest=guest, attending=answer == "accept", dietary_needs=request.POST.get("dietary_needs", "")
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you: your answer is saved."))
        return redirect("townhall:rsvp", token=token)
    position = None
    if guest.status == GuestStatus.WAITLISTED:
        position = Guest.objects.filter(
            townhall=townhall, status=GuestStatus.WAITLISTED, queue_number__lte=guest.queue_number
        ).count()
    return render(
        request,
        "townhall/rsvp.html",
        {
            "guest": guest,
            "townhall": townhall,
            "event": townhall.event,
            "is_open": townhall.is_open_for_answers(),
            "position": position,
            "door_qr": badge_qr_svg(guest.door_code) if guest.status == GuestStatus.ACCEPTED else None,
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
    )


DOOR_ANSWERS = {
    "created": 201,
    "duplicate": 200,
    "unknown_badge": 404,
    "cancelled": 409,
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
        "cancelled": _("This guest has no seat (declined or waitlisted)"),
    }
    body = {"status": result.outcome, "message": messages_by_outcome[result.outcome]}
    guest = result.visit
    if guest is not None:
        body["visitor"] = {
            "shared": True,
            "name": guest.name,
            "organisation": guest.organisation,
            "category": guest.get_sector_display(),
        }
        if guest.table_id:
            body["visitor"]["interests"] = [_("Table %(number)s") % {"number": guest.table.number}]
    return JsonResponse(body, status=DOOR_ANSWERS[result.outcome])
