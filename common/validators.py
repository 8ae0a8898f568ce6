"""Checks for uploaded images (speaker photos, partner logos)."""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class ImageUploadValidator:
    """The file must be a real image of one of the formats, no larger than max_bytes."""

    def __init__(self, *, max_bytes: int, formats: tuple[str, ...] = ("JPEG", "PNG", "WEBP")) -> None:
        self.max_bytes = max_bytes
        self.formats = tuple(formats)

    def __call__(self, upload) -> None:
        from PIL import Image, UnidentifiedImageError

        megabytes = self.max_bytes // (1024 * 1024)
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is larger than %(size)s MB; please upload a smaller one."), params={"size": megabytes}
            )
        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise ValidationError(_("This is not an image we can read; upload a JPEG, PNG or WebP file.")) from None
        finally:
            upload.seek(position)
        if image_format not in self.formats:
            raise ValidationError(_("Upload the image as JPEG, PNG or WebP."))

    def __eq__(self, other) -> bool:
        return isinstance(other, ImageUploadValidator) and (self.max_bytes, self.formats) == (
            other.max_bytes,
            other.formats,
        )
