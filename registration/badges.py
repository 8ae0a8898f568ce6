"""Badge QR codes: they carry only the unguessable badge code, never a database id."""

import hashlib

import segno
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

# Drawing a code takes milliseconds of CPU, and the same person opens their page again and
# again at the entrance: each drawing is kept for a while under a digest of its code.
QR_SECONDS = 60 * 60


def badge_qr_svg(badge_code: str) -> SafeString:
    """An inline, scalable SVG of the badge's QR code (CSS sets its size)."""
    key = "badge-qr:1:" + hashlib.sha256(badge_code.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        qr = segno.make(badge_code, error="m", micro=False)
        svg = qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff")
        cache.set(key, svg, QR_SECONDS)
    # segno's SVG holds only paths and our own code: safe to inline.
    return mark_safe(svg)  # noqa: S308
