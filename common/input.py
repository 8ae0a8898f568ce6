"""Reading what people send: text, whole numbers, JSON bodies and `next` addresses.

Every view that reads raw request data goes through these helpers (the form
fields and query strings are already cleaned by `common.middleware.InputMiddleware`),
so bad input gets a clear 4xx answer instead of an exception deep in the database.
"""

from __future__ import annotations

import json
import re

from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# C0 control characters except tab, line feed and carriage return; DEL; the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a path or a token nothing of the kind belongs, not even a line break.
PATH_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# PostgreSQL's integer; ids and counts the site stores fit in it.
INT_MAX = 2**31 - 1


def clean_text(value: str) -> str:
    """The text without NUL and the other control characters no one types (tabs and line breaks stay)."""
    return CONTROL_CHARACTERS.sub("", value)


def has_control_characters(value: str) -> bool:
    return bool(PATH_CONTROL_CHARACTERS.search(value))


def parse_int(value, *, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
    """A whole number typed in ASCII digits within [minimum, maximum], or None.

    `str.isdigit()` accepts "²" and "١٢", which `int()` then refuses or reads as
    another number; here only 0-9 (and a leading minus when minimum < 0) count.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") and minimum < 0 else text
        if not digits or len(digits) > 18 or not (digits.isascii() and digits.isdigit()):
            return None
        number = int(text)
    else:
        return None
    return number if minimum <= number <= maximum else None


# --- JSON bodies ----------------------------------------------------------------------------

MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 20


class JsonInputError(Exception):
    """Why a JSON body was refused; `response()` is the JSON answer to send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> JsonResponse:
        return JsonResponse({"status": "malformed", "message": self.message}, status=self.status)


def require_json_content_type(request) -> None:
    """Raises JsonInputError (415) unless the body is declared as JSON (or is empty). Reads nothing."""
    empty = not request.META.get("CONTENT_TYPE") and request.META.get("CONTENT_LENGTH") in (None, "", "0")
    if request.content_type != "application/json" and not empty:
        raise JsonInputError(415, _("Send the body as application/json."))


def _depth_exceeds(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than limit (checked before parsing, which recurses)."""
    depth = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > limit:
                return True
        elif character in "]}":
            depth -= 1
    return False


def read_json(request, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH):
    """The request's JSON body, or JsonInputError: 415 for another content type,
    413 when too large, 400 for bytes that are not UTF-8 JSON or nest too deeply."""
    require_json_content_type(request)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise JsonInputError(413, _("The body is too large."))
    try:
        body = request.body
    except RawPostDataException:
        raise JsonInputError(415, _("Send the body as application/json.")) from None
    if len(body) > max_bytes:
        raise JsonInputError(413, _("The body is too large."))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonInputError(400, _("The body is not UTF-8 text.")) from None
    if _depth_exceeds(text, max_depth):
        raise JsonInputError(400, _("The JSON nests too deeply."))
    try:
        return json.loads(text or "null")
    except (ValueError, RecursionError):
        raise JsonInputError(400, _("The body is not JSON.")) from None


# --- Where to go next -----------------------------------------------------------------------


def safe_next_url(request, candidate, fallback: str) -> str:
    """`candidate` when it is a path on this site ("/..."), else fallback.

    Never pass a `next` value to `redirect()`: it first tries it as a URL
    *name*, so "programme" raises NoReverseMatch.
    """
    if (
        isinstance(candidate, str)
        and candidate.startswith("/")
        and not has_control_characters(candidate)
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback


# --- Uploaded CSV files ---------------------------------------------------------------------


def read_csv_text(data: bytes) -> str | None:
    """An uploaded CSV's text (UTF-8, with or without BOM) without control characters; None if not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return clean_text(text)
