"""What every badge scanner sends (booths, the entrance, the townhall door) and how it is checked."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# --- The one answer every scanner endpoint gives ---------------------------------------------


class ScanOutcome(models.TextChoices):
    """What a scan came to, in the same words at every point (a booth, the entrance, the townhall door).

    The label is the general wording; each point says it in its own words (`ScanWords`).
    """

    RECORDED = "recorded", gettext_lazy("Recorded")
    ALREADY_RECORDED = "already_recorded", gettext_lazy("Already recorded")
    NOT_FOUND = "not_found", gettext_lazy("Unknown code")
    NOT_EXPECTED = "not_expected", gettext_lazy("No place now")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")
    MALFORMED = "malformed", gettext_lazy("Malformed request")
    FORBIDDEN = "forbidden", gettext_lazy("Not allowed to scan here")
    SIGNED_OUT = "signed_out", gettext_lazy("Sign in again")


# The HTTP status of each outcome, and what it means, for every scanner endpoint and its description.
HTTP_STATUS: dict[ScanOutcome, tuple[int, str]] = {
    ScanOutcome.RECORDED: (201, "counted now (or a replay of the scan that was: the same answer again)"),
    ScanOutcome.ALREADY_RECORDED: (200, "the person was already counted here (today, tonight) by another scan"),
    ScanOutcome.NOT_FOUND: (404, "no such badge or guest code at this event"),
    ScanOutcome.NOT_EXPECTED: (409, "the person is known, without a place now (another day, waitlisted)"),
    ScanOutcome.CANCELLED: (409, "the registration was cancelled, or the invitation declined"),
    ScanOutcome.MALFORMED: (400, "`errors` names the fields, or the body is not JSON"),
    ScanOutcome.FORBIDDEN: (403, "signed in (or a device) that may not scan here"),
    ScanOutcome.SIGNED_OUT: (401, "nobody signed in, or the page's CSRF token is missing or stale"),
}

ScanWords = Mapping[ScanOutcome, str]  # a point's own words for each outcome (lazy translations)


@dataclass(frozen=True)
class ScanPerson:
    """Who was scanned, as the scanner shows them: details only where the person lets this point see them."""

    shared: bool
    name: str = ""
    organisation: str = ""
    category: str = ""
    interests: tuple[str, ...] = ()
    open_to_job_offers: bool = False
    email: str = ""

    def as_json(self) -> dict:
        """Who they are always; interests, job offers and email only where this point has them."""
        if not self.shared:
            return {"shared": False}
        body: dict = {"shared": True, "name": self.name, "organisation": self.organisation, "category": self.category}
        if self.interests:
            body["interests"] = list(self.interests)
        if self.open_to_job_offers:
            body["open_to_job_offers"] = True
        if self.email:
            body["email"] = self.email
        return body


@dataclass(frozen=True)
class ScanRecord:
    """What a scan counted: a booth visit, an entrance check-in, a guest's check-in at the door."""

    id: int
    at: datetime.datetime
    day: datetime.date | None = None

    def as_json(self) -> dict:
        body: dict = {"id": self.id, "at": self.at.isoformat()}
        if self.day is not None:
            body["day"] = self.day.isoformat()
        return body


@dataclass(frozen=True)
class ScanResult:
    """What a check-in service decided: the outcome, whom it concerns and what it counted.

    `subject` is the point's own object for the person scanned (a registration, a guest),
    `record` what was counted (now or by the scan it replays); `replayed` says the nonce
    had been seen: nothing was counted again.
    """

    outcome: ScanOutcome
    subject: object | None = None
    record: object | None = None
    replayed: bool = False


@dataclass(frozen=True)
class ScanAnswer:
    """The answer of every scanner endpoint; `response()` is its one JSON shape (SCAN_ANSWER)."""

    outcome: ScanOutcome
    message: str
    detail: str = ""
    person: ScanPerson | None = None
    record: ScanRecord | None = None
    replayed: bool = False
    errors: Mapping[str, str] | None = None
    extras: Mapping[str, object] | None = None

    @property
    def status_code(self) -> int:
        return HTTP_STATUS[self.outcome][0]

    def as_json(self) -> dict:
        body: dict = {"status": self.outcome.value, "message": str(self.message)}
        if self.detail:
            body["detail"] = str(self.detail)
        if self.replayed:
            body["replayed"] = True
        if self.person is not None:
            body["person"] = self.person.as_json()
        if self.record is not None:
            body["record"] = self.record.as_json()
        if self.errors:
            body["errors"] = {field: str(message) for field, message in self.errors.items()}
        if self.extras:
            body["extras"] = dict(self.extras)
        return body

    def response(self) -> JsonResponse:
        return JsonResponse(self.as_json(), status=self.status_code, headers={"Cache-Control": "no-store"})


def scan_answer(outcome: ScanOutcome, words: ScanWords, **fields) -> JsonResponse:
    """The JSON answer for an outcome, in the point's words (its message, unless `message` is given)."""
    outcome = ScanOutcome(outcome)
    message = fields.pop("message", None) or words.get(outcome) or outcome.label
    return ScanAnswer(outcome=outcome, message=str(message), **fields).response()


def method_not_allowed() -> JsonResponse:
    return JsonResponse(
        {"status": ScanOutcome.MALFORMED.value, "message": _("Use POST.")}, status=405, headers={"Allow": "POST"}
    )


def session_scan_refusal(request, *, allowed: bool, words: ScanWords) -> JsonResponse | None:
    """The answer to a scan made with a session that may not make it; None when it may go on.

    Nobody signed in, or a stale CSRF token, is `signed_out` (the page keeps the scan until
    the person signs in again); someone signed in who may not scan here is `forbidden`.
    """
    if not getattr(request.user, "is_authenticated", False):
        return scan_answer(ScanOutcome.SIGNED_OUT, words)
    if not allowed:
        return scan_answer(ScanOutcome.FORBIDDEN, words)
    if csrf_rejected(request):
        return scan_answer(
            ScanOutcome.SIGNED_OUT,
            words,
            errors={"csrf": _("The CSRF token is missing or wrong: open the scanner page again.")},
        )
    return None


# --- What the answer looks like, for the OpenAPI document (common.api) ---------------------------

SCAN_PERSON = Component(
    "ScanPerson",
    {
        "type": "object",
        "required": ["shared"],
        "description": "Who was scanned: details only when this point may see them (booths: with consent).",
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
SCAN_ANSWER = Component(
    "ScanAnswer",
    {
        "type": "object",
        "required": ["status", "message"],
        "description": (
            "The answer of every scanner endpoint (booth visits, the entrance, the townhall door): the outcome, "
            "the point's words for it, and what is known."
        ),
        "properties": {
            "status": {"type": "string", "enum": ScanOutcome.values},
            "message": {"type": "string", "description": "The outcome in this point's words, in the caller's language"},
            "detail": {"type": "string", "description": "More about it: when they came in, which days they have"},
            "replayed": {"type": "boolean", "description": "The nonce was seen before: the first answer, again"},
            "person": SCAN_PERSON,
            "record": {
                "type": "object",
                "required": ["id", "at"],
                "description": "What was counted: the visit, the entrance check-in, the guest checked in at the door",
                "properties": {
                    "id": {"type": "integer"},
                    "at": {"type": "string", "format": "date-time"},
                    "day": {"type": "string", "format": "date"},
                },
            },
            "errors": {"type": "object", "additionalProperties": {"type": "string"}},
            "extras": {
                "type": "object",
                "description": "What only this point has, e.g. the guest's `table` number at the door",
                "additionalProperties": True,
            },
        },
    },
)


def scan_responses() -> dict[int, Answer]:
    """Every status a scanner endpoint answers, each with the outcomes it stands for (HTTP_STATUS)."""
    meanings: dict[int, list[str]] = {}
    for outcome, (status, meaning) in HTTP_STATUS.items():
        meanings.setdefault(status, []).append(f"`{outcome.value}`: {meaning}")
    responses = {status: Answer("; ".join(items), SCAN_ANSWER) for status, items in meanings.items()}
    responses[405] = Answer("`malformed`: only POST is allowed", SCAN_ANSWER)
    responses[413] = Answer("`malformed`: the body is larger than 64 KB", SCAN_ANSWER)
    responses[415] = Answer("`malformed`: the body is not declared as application/json", SCAN_ANSWER)
    return responses


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
