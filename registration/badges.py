"""Badge QR codes: they carry only the unguessable badge code, never a database id."""

import segno
from django.utils.safestring import SafeString, mark_safe


def badge_qr_svg(badge_code: str) -> SafeString:
    """An inline, scalable SVG of the badge's QR code (CSS sets its size)."""
    qr = segno.make(badge_code, error="m", micro=False)
    # segno's SVG holds only paths and our own code: safe to inline.
    return mark_safe(qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff"))  # noqa: S308
