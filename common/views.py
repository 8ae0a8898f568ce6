"""The shared scanner's server side: reading a QR code from a camera frame, and the scanner as a web app."""

from __future__ import annotations

import hashlib
import json
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from PIL import Image, UnidentifiedImageError

from .api import HTML, Component, json_endpoint, openapi_document
from .input import has_control_characters
from .ratelimit import within_budget
from .scanner_access import may_use_scanner

MANIFEST = "application/manifest+json"
MAX_FRAME_BYTES = 2 * 1024 * 1024
# The scanner page sends frames at most 800 pixels wide; anything far larger is not a camera frame.
MAX_FRAME_SIDE = 2000
MAX_FRAME_PIXELS = MAX_FRAME_SIDE * MAX_FRAME_SIDE


DECODED = Component(
    "DecodedFrame",
    {
        "type": "object",
        "required": ["code"],
        "properties": {"code": {"type": "string", "nullable": True}, "error": {"type": "string"}},
    },
)


@json_endpoint(
    "post",
    summary="Read the QR code in a camera frame",
    description=(
        "For browsers without BarcodeDetector. `code` is the text of the QR code, or null when the frame "
        "shows none. Booth staff, people with a check-in role and organisers; "
        "`SCANNER_DECODE_RATE` frames a minute per person."
    ),
    request={
        "type": "object",
        "required": ["frame"],
        "properties": {"frame": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP"}},
    },
    request_media_type="multipart/form-data",
    responses={
        200: ("The code read, or null", DECODED),
        302: ("Not signed in: to the sign-in page",),
        400: ("No frame, larger than 2 MB, or not an image", DECODED),
        403: ("Not someone who scans badges", DECODED),
        405: ("Only POST is allowed",),
        413: ("More than 2000 × 2000 pixels", DECODED),
        429: ("Too many frames; `Retry-After` says when to send again", DECODED),
    },
    security=("session",),
    tags=("scanning",),
)
@login_required
@require_POST
def decode_badge_frame(request):
    """For browsers without BarcodeDetector: the page posts a camera frame, zxing-cpp reads the QR code."""
    import zxingcpp  # noqa: PLC0415 -- its native library loads only once a browser without BarcodeDetector sends a frame

    if not may_use_scanner(request.user):
        return JsonResponse(
            {"code": None, "error": _("Only people who scan badges may send camera frames.")}, status=403
        )
    limit, period = settings.SCANNER_DECODE_RATE
    if not within_budget(scope="scanner-decode", key=str(request.user.pk), limit=limit, period=period):
        response = JsonResponse({"code": None, "error": _("Too many camera frames; wait a moment.")}, status=429)
        response["Retry-After"] = str(period)
        return response
    frame = request.FILES.get("frame")
    if frame is None or frame.size > MAX_FRAME_BYTES:
        return JsonResponse({"code": None, "error": _("Send one camera frame of at most 2 MB.")}, status=400)
    too_large = JsonResponse(
        {
            "code": None,
            "error": _("A camera frame may be at most %(side)s × %(side)s pixels.") % {"side": MAX_FRAME_SIDE},
        },
        status=413,
    )
    try:
        with Image.open(frame) as image:
            width, height = image.size  # from the header: nothing is decoded yet
            if width > MAX_FRAME_SIDE or height > MAX_FRAME_SIDE or width * height > MAX_FRAME_PIXELS:
                return too_large
            image.load()
            results = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except Image.DecompressionBombError:
        return too_large
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        # Pillow's decoders report a damaged file with any of these.
        return JsonResponse({"code": None, "error": _("The frame is not an image.")}, status=400)
    return JsonResponse({"code": results[0].text if results else None})


# --- The scanner as an installable web app ------------------------------------------------

# The scanner pages (booths, the entrance desk, the townhall door): the only pages the service
# worker keeps for use offline. They live under different prefixes, so the worker's scope is the site.
SCANNER_PAGE_PATHS = (r"^/[^/]+/booths/\d+/scan/$", r"^/[^/]+/entrance/$", r"^/[^/]+/townhall/door/$")
SCANNER_ICON_SIZES = (192, 512)


def _scanner_assets() -> list[str]:
    return [static("js/scanner.js"), static("css/site.css"), static("favicon.svg")] + [
        static(f"img/scanner-{size}.png") for size in SCANNER_ICON_SIZES
    ]


@json_endpoint(
    "get",
    summary="The scanner's web app manifest, in one language",
    parameters=(
        {
            "name": "start",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "The scanner page the installed app opens; anything else opens the site's home",
        },
    ),
    responses={
        200: ("The manifest", {"type": "object", "required": ["name", "start_url", "icons"]}, MANIFEST),
        400: ("The address holds a control character", None, HTML),
        404: ("Not a language of the site", None, HTML),
        405: ("Only GET is allowed",),
    },
    tags=("scanning",),
)
@require_safe
def scanner_manifest(request, code: str):
    """The web app manifest of the scanner, in one language (`code`); `start` is the scanner page it opens."""
    lang = code
    if lang not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    start = request.GET.get("start", "")
    if not any(re.match(pattern, start) for pattern in SCANNER_PAGE_PATHS) or has_control_characters(start):
        start = "/"
    with translation.override(lang):
        manifest = {
            "name": _("Symposium badge scanner"),
            "short_name": _("Scanner"),
            "description": _("Scan badges at booths, the entrance desk and the townhall door, also offline."),
            "lang": lang,
            "start_url": start,
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#0b4f8a",
            "icons": [
                {
                    "src": static(f"img/scanner-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any",
                }
                for size in SCANNER_ICON_SIZES
            ],
        }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = MANIFEST
    return response


@require_safe
def scanner_service_worker(request):
    """The service worker that keeps the scanner pages and their assets for use offline.

    Served from the site's root so its scope covers every scanner page; never cached by
    the browser's HTTP cache, so a new release reaches phones at their next visit.
    """
    assets = _scanner_assets()
    version = hashlib.sha256("\n".join([SCANNER_WORKER_VERSION, *assets]).encode()).hexdigest()[:12]
    response = render(
        request,
        "common/scanner-sw.js",
        {
            "version": version,
            "assets_json": json.dumps(assets),
            "pages_json": json.dumps(SCANNER_PAGE_PATHS),
            "logout_path_json": json.dumps(reverse("account_logout")),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


# Raise when the worker's own code changes; asset URLs changing already renames its caches.
SCANNER_WORKER_VERSION = "1"


@json_endpoint(
    "get",
    summary="This document",
    responses={200: ("The OpenAPI description of every endpoint that answers JSON", {"type": "object"})},
    tags=("meta",),
)
def openapi_schema(request):
    return JsonResponse(openapi_document(request.build_absolute_uri("/")), json_dumps_params={"ensure_ascii": False})
