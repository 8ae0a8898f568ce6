"""Checks for uploaded images (speaker photos, partner logos)."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
# A 12-megapixel phone photo is 4000 x 3000; 40 megapixels leaves room and keeps decoding cheap.
MAX_IMAGE_PIXELS = 40_000_000

validate_image_extension = FileExtensionValidator(
    allowed_extensions=list(IMAGE_EXTENSIONS), message=_("Upload the image as JPEG, PNG or WebP.")
)


@deconstructible
class ImageUploadValidator:
    """The file must be a real image of one of the formats, no larger than max_bytes and max_pixels."""

    def __init__(
        self,
        *,
        max_bytes: int,
        formats: tuple[str, ...] = ("JPEG", "PNG", "WEBP"),
        max_pixels: int = MAX_IMAGE_PIXELS,
    ) -> None:
        self.max_bytes = max_bytes
        self.formats = tuple(formats)
        self.max_pixels = max_pixels

    def __call__(self, upload) -> None:

        megabytes = self.max_bytes // (1024 * 1024)
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is larger than %(size)s MB; please upload a smaller one."), params={"size": megabytes}
            )
        too_many_pixels = ValidationError(
            _("The image has more than %(megapixels)s megapixels; upload one of at most 8000 × 5000 pixels."),
            params={"megapixels": self.max_pixels // 1_000_000},
        )
        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size  # read from the header, before anything is decoded
                if width * height > self.max_pixels:
                    raise too_many_pixels
                image.verify()
        except Image.DecompressionBombError:
            raise too_many_pixels from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise ValidationError(_("This is not an image we can read; upload a JPEG, PNG or WebP file.")) from None
        finally:
            upload.seek(position)
        if image_format not in self.formats:
            raise ValidationError(_("Upload the image as JPEG, PNG or WebP."))

    def __eq__(self, other) -> bool:
        return isinstance(other, ImageUploadValidator) and (self.max_bytes, self.formats, self.max_pixels) == (
            other.max_bytes,
            other.formats,
            other.max_pixels,
        )
