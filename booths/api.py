"""The visit API behind the scanner: JSON in, JSON out, never a 5xx for bad input."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from common.api import json_endpoint
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
from registration.services import normalise_badge_code

from . import services
from .models import Booth
from .selectors import ScanBooth, device_for_token, staff_role

# A booth's words for each outcome of a scan (common.scanning).
WORDS: dict[ScanOutcome, str] = {
    ScanOutcome.RECORDED: gettext_lazy("New visitor"),
    ScanOutcome.ALREADY_RECORDED: gettext_lazy("Already visited today"),
    ScanOutcome.NOT_FOUND: gettext_lazy("Unknown badge"),
    ScanOutcome.CANCELLED: gettext_lazy("Cancelled registration"),
    ScanOutcome.NOT_EXPECTED: gettext_lazy("No confirmed day at this event."),
    ScanOutcome.FORBIDDEN: gettext_lazy("Not staff of this booth"),
    ScanOutcome.MALFORMED: gettext_lazy("Not a badge code"),
}


def _scan_answer(result: ScanResult):
    """The scan's outcome in the shared answer: the visitor's details only with their consent, and not once erased."""
    if result.outcome == ScanOutcome.MALFORMED:  # a nonce of another visitor's scan
        return scan_answer(result.outcome, WORDS, errors={"nonce": _("This nonce belongs to another scan.")})
    holder, visit = result.subject, result.record
    person = None
    if holder is not None:
        erased = visit is not None and visit.lead_erased_at is not None
        person = holder.person(shared=bool(holder.shares_with_booths) and not erased)
    return scan_answer(
        result.outcome,
        WORDS,
        replayed=result.replayed,
        person=person,
        record=ScanRecord(id=visit.pk, at=visit.scanned_at, day=visit.day) if visit is not None else None,
    )


@json_endpoint(
    "post",
    summary="Record a visit from a scanned badge",
    description=(
        "Counts a visitor once per booth and day. A replayed nonce answers its first scan's outcome again "
        "(`replayed`) and counts nothing; the same visitor scanned again that day is `already_recorded` with the "
        "first visit. Authenticate with the staff member's session (and the X-CSRFToken header) or "
        "`Authorization: Device <token>` from a booth manager."
    ),
    request=SCAN,
    responses=scan_responses(),
    security=("device", "session"),
    tags=("scanning",),
)
@csrf_exempt  # device tokens carry no CSRF token; session callers are checked in the view
def record_visit(request, booth_id: int):
    if request.method != "POST":
        return method_not_allowed()
    authorization = request.headers.get("Authorization", "")
    scanned_by = None
    if authorization.startswith("Device "):
        device = device_for_token(authorization.removeprefix("Device ").strip())
        if device is None or device.booth_id != booth_id:
            return scan_answer(ScanOutcome.FORBIDDEN, WORDS)
        point = device.booth
    else:
        booth = Booth.objects.select_related("event").filter(pk=booth_id).first()
        allowed = booth is not None and staff_role(request.user, booth) is not None
        refusal = session_scan_refusal(request, allowed=allowed, words=WORDS)
        if refusal is not None:
            return refusal
        point, scanned_by = ScanBooth.of(booth), request.user
    try:
        clean, errors = read_scan(request, normalise_code=normalise_badge_code)
    except JsonInputError as error:
        return error.response()
    if errors:
        return scan_answer(ScanOutcome.MALFORMED, WORDS, errors=errors)
    return _scan_answer(services.record_visit(booth=point, scanned_by=scanned_by, **clean))
