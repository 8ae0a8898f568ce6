"""What every badge scanner sends (booths, the entrance, the townhall door) and how it is checked."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .api import Answer, Component
from .input import read_json

BADGE_CODE = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
NONCE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# Scans kept offline come in late; ones claiming to be from the future are clock errors.
MAX_CLOCK_SKEW = datetime.timedelta(minutes=10)
MAX_OFFLINE_AGE = datetime.timedelta(days=3)

# --- What a scan and its answer look like, for the OpenAPI document (common.api) --------------

SCAN = Component(
    "Scan",
    {
        "type": "object",
        "required": ["badge_code", "nonce"],
        "properties": {
            "badge_code": {"type": "string", "pattern": BADGE_CODE.pattern},
            "nonce": {"type": "string", "pattern": NONCE.pattern},
            "scanned_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the badge was scanned (offline scans come later); at most three days ago.",
            },
        },
    },
)
MALFORMED = Component(
    "Malformed",
    {
        "type": "object",
        "required": ["status", "message"],
        "properties": {
            "status": {"type": "string", "enum": ["malformed"]},
            "message": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
)
VISITOR = Component(
    "Visitor",
    {
        "type": "object",
        "required": ["shared"],
        "description": "Who was scanned: details only when they agreed to share them.",
        "properties": {
            "shared": {"type": "boolean"},
            "name": {"type": "string"},
            "organisation": {"type": "string"},
            "category": {"type": "string"},
            "interests": {"type": "array", "items": {"type": "string"}},
            "open_to_job_offers": {"type": "boolean"},
            "email": {"type": "string"},
        },
    },
)


def scan_answer(name: str, outcomes, *, extra: dict | None = None) -> Component:
    """The JSON a scanner endpoint answers: one of its outcomes, a message in the caller's language."""
    return Component(
        name,
        {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "string", "enum": [str(outcome) for outcome in outcomes]},
                "message": {"type": "string"},
                "errors": {"type": "object", "additionalProperties": {"type": "string"}},
                "visitor": VISITOR,
                **(extra or {}),
            },
        },
    )


def scan_responses(answer: Component, statuses: dict) -> dict[int, Answer]:
    """Every status a scanner endpoint answers (from its outcome -> status table), and the body refusals."""
    outcomes_by_status: dict[int, list[str]] = {}
    for outcome, status in statuses.items():
        outcomes_by_status.setdefault(status, []).append(f"`{outcome}`")
    responses = {
        status: Answer(f"Outcome {' or '.join(names)}", answer) for status, names in outcomes_by_status.items()
    }
    responses[400] = Answer("Malformed: `errors` names the fields, or the body is not JSON", answer)
    responses[403] = Answer("Not allowed to scan here, or the CSRF token is missing or wrong", answer)
    responses[405] = Answer("Only POST is allowed", MALFORMED)
    responses[413] = Answer("The body is larger than 64 KB", MALFORMED)
    responses[415] = Answer("The body is not declared as application/json", MALFORMED)
    return responses


@dataclass
class ScanResult:
    """A scanner's answer: the outcome and the record it concerns (a visit, a check-in)."""

    outcome: str
    visit: object | None = None
    errors: dict | None = None


def parse_scan(data) -> tuple[dict, dict]:
    """Checks a scan's fields; returns (clean values, errors by field)."""
    errors: dict[str, str] = {}
    if not isinstance(data, dict):
        return {}, {"body": _("Send a JSON object.")}
    badge_code = data.get("badge_code")
    if not isinstance(badge_code, str) or not BADGE_CODE.match(badge_code.strip()):
        errors["badge_code"] = _("A badge code is 8 to 32 letters, digits, - or _.")
    nonce = data.get("nonce")
    if not isinstance(nonce, str) or not NONCE.match(nonce):
        errors["nonce"] = _("The nonce must be 8 to 64 letters, digits or -_.: characters.")
    scanned_at = None
    raw_time = data.get("scanned_at")
    if raw_time is None:
        scanned_at = timezone.now()
    elif isinstance(raw_time, str):
        try:
            scanned_at = datetime.datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
        except ValueError:
            scanned_at = None
        if scanned_at is not None and scanned_at.tzinfo is None:
            scanned_at = None
    if scanned_at is None:
        errors["scanned_at"] = _("scanned_at must be an ISO 8601 time with its offset.")
    elif not (timezone.now() - MAX_OFFLINE_AGE <= scanned_at <= timezone.now() + MAX_CLOCK_SKEW):
        errors["scanned_at"] = _("scanned_at is too far from now; check the device's clock.")
    clean = {
        "badge_code": badge_code.strip() if isinstance(badge_code, str) else "",
        "nonce": nonce,
        "scanned_at": scanned_at,
    }
    return clean, errors


def csrf_rejected(request) -> bool:
    """Session-authenticated scans must carry the CSRF token, as a form would.

    Scanner endpoints are csrf_exempt because device tokens carry none; they
    call this once they know the caller is a signed-in person.
    """
    from django.middleware.csrf import CsrfViewMiddleware

    return CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {}) is not None


def read_scan(request, *, normalise_code=None) -> tuple[dict, dict]:
    """The scan in a request's JSON body: (clean values, errors by field).

    `normalise_code` turns a code as a person typed it (spaces, dashes, lower
    case) into the stored form before it is checked; each app knows its codes.
    Raises `common.input.JsonInputError` when the body is not JSON at all
    (another content type, too large, not UTF-8, nested too deeply).
    """
    data = read_json(request)
    if normalise_code is not None and isinstance(data, dict) and isinstance(data.get("badge_code"), str):
        data = {**data, "badge_code": normalise_code(data["badge_code"])}
    return parse_scan(data)
