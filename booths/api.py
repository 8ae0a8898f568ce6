"""The visit API behind the scanner: JSON in, JSON out, never a 5xx for bad input."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from common.api import json_endpoint
from common.input import JsonInputError
from common.scanning import SCAN, csrf_rejected, read_scan, scan_answer, scan_responses
from registration.services import normalise_badge_code

from . import services
from .enums import VisitOutcome
from .models import Booth
from .selectors import device_for_token, staff_role, visitor_card

HTTP_STATUS = {
    VisitOutcome.CREATED: 201,
    VisitOutcome.DUPLICATE: 200,
    VisitOutcome.UNKNOWN_BADGE: 404,
    VisitOutcome.CANCELLED: 409,
    VisitOutcome.NOT_STAFF: 403,
    VisitOutcome.MALFORMED: 400,
}


def _answer(outcome: str, *, visit=None, errors=None) -> JsonResponse:
    body: dict = {"status": str(outcome), "message": str(VisitOutcome(outcome).label)}
    if errors:
        body["errors"] = errors
    if visit is not None:
        consented = bool(getattr(visit.registration, "shares_with_booths", False))
        body["visit"] = {"id": visit.pk, "day": visit.day.isoformat(), "scanned_at": visit.scanned_at.isoformat()}
        body["visitor"] = visitor_card(visit, consented=consented)
    return JsonResponse(body, status=HTTP_STATUS[outcome])


VISIT_ANSWER = scan_answer(
    "VisitAnswer",
    VisitOutcome.values,
    extra={
        "visit": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "day": {"type": "string", "format": "date"},
                "scanned_at": {"type": "string", "format": "date-time"},
            },
        }
    },
)


@json_endpoint(
    "post",
    summary="Record a visit from a scanned badge",
    description=(
        "Counts a visitor once per booth and day. Replaying a scan with the same nonce, or the same visitor "
        "scanned again that day, answers `duplicate` with the existing visit. Authenticate with the staff "
        "member's session (and the X-CSRFToken header) or `Authorization: Device <token>` from a booth manager."
    ),
    request=SCAN,
    responses=scan_responses(VISIT_ANSWER, {str(outcome): status for outcome, status in HTTP_STATUS.items()}),
    security=("device", "session"),
    tags=("scanning",),
)
@csrf_exempt  # device tokens carry no CSRF token; session callers are checked in the view
def record_visit(request, booth_id: int):
    if request.method != "POST":
        return JsonResponse({"status": "malformed", "message": _("Use POST.")}, status=405)
    authorization = request.headers.get("Authorization", "")
    scanned_by = None
    if authorization.startswith("Device "):
        device = device_for_token(authorization.removeprefix("Device ").strip())
        if device is None or device.booth_id != booth_id:
            return _answer(VisitOutcome.NOT_STAFF)
        booth = device.booth
    else:
        booth = Booth.objects.select_related("event").filter(pk=booth_id).first()
        if not request.user.is_authenticated or booth is None or staff_role(request.user, booth) is None:
            return _answer(VisitOutcome.NOT_STAFF)
        if csrf_rejected(request):
            return JsonResponse(
                {"status": "malformed", "message": _("The CSRF token is missing or wrong.")}, status=403
            )
        scanned_by = request.user
    try:
        clean, errors = read_scan(request, normalise_code=normalise_badge_code)
    except JsonInputError as error:
        return error.response()
    if errors:
        return _answer(VisitOutcome.MALFORMED, errors=errors)
    result = services.record_visit(booth=booth, scanned_by=scanned_by, **clean)
    return _answer(result.outcome, visit=result.visit)
