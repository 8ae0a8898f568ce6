"""The shared scanner's server side: reading a QR code from a camera frame."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

MAX_FRAME_BYTES = 2 * 1024 * 1024
MAX_FRAME_PIXELS = 4096 * 4096  # a phone camera's frame is far smaller


@login_required
@require_POST
def decode_badge_frame(request):
    """For browsers without BarcodeDetector: the page posts a camera frame, zxing-cpp reads the QR code."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    frame = request.FILES.get("frame")
    if frame is None or frame.size > MAX_FRAME_BYTES:
        return JsonResponse({"code": None, "error": _("Send one camera frame of at most 2 MB.")}, status=400)
    not_an_image = JsonResponse({"code": None, "error": _("The frame is not an image.")}, status=400)
    try:
        with Image.open(frame) as image:
            width, height = image.size
            if width * height > MAX_FRAME_PIXELS:
                return not_an_image
            image.load()
            results = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError, EOFError):
        # Pillow's decoders report a damaged file with any of these.
        return not_an_image
    return JsonResponse({"code": results[0].text if results else None})
