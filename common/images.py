"""Uploaded images as the site keeps them: re-encoded without metadata, with a smaller copy for pages."""

from __future__ import annotations

import io
import posixpath

from django import forms
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .validators import validate_image_extension

DISPLAY_SIZE = 800
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def display_name_for(name: str) -> str:
    """speakers/kim.jpg -> speakers/kim.display.jpg: the copy pages show."""
    root, extension = posixpath.splitext(name)
    return f"{root}.display{extension}"


def _encode(image: Image.Image, image_format: str) -> bytes:
    output = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=88, optimize=True)
    elif image_format == "WEBP":
        image.save(output, format="WEBP", quality=88)
    else:
        image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def clean_copies(upload, *, display_size: int = DISPLAY_SIZE) -> tuple[str, bytes, bytes]:
    """(format, the image re-encoded, a copy at most display_size pixels a side); no EXIF, XMP or comments.

    The upload has passed ImageUploadValidator (a readable JPEG, PNG or WebP of
    a bounded pixel count). Orientation from EXIF is applied to the pixels
    before the metadata goes, so a phone photo still stands the right way up.
    """
    upload.seek(0)
    with Image.open(upload) as source:
        image_format = source.format if source.format in EXTENSIONS else "PNG"
        image = ImageOps.exif_transpose(source)  # a new image: pixels only
        image.info = {}
        original = _encode(image, image_format)
        display = image.copy()
        display.thumbnail((display_size, display_size))
        display.info = {}
        return image_format, original, _encode(display, image_format)


class CleanImageFieldFile(ImageFieldFile):
    @property
    def display_url(self) -> str:
        """The smaller copy's URL; the file itself for images stored before copies were made."""
        name = display_name_for(self.name)
        return self.storage.url(name) if self.storage.exists(name) else self.url


class CleanImageFormField(forms.ImageField):
    """Django's image field, with our list of types instead of every format Pillow knows."""

    default_validators = [validate_image_extension]
    default_error_messages = {
        "invalid_image": _("This is not an image we can read; upload a JPEG, PNG or WebP file."),
    }


class CleanImageField(models.ImageField):
    """An image field that stores what it was given without metadata, plus a copy for pages."""

    attr_class = CleanImageFieldFile
    default_validators = [validate_image_extension]

    def __init__(self, *args, display_size: int = DISPLAY_SIZE, **kwargs) -> None:
        self.display_size = display_size
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # The column is an ordinary image field's; what happens to the file on save is no
        # business of migrations, so they keep recording the plain field.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            image_format, original, display = clean_copies(file.file, display_size=self.display_size)
            stem = posixpath.splitext(posixpath.basename(file.name))[0]
            file.save(f"{stem}.{EXTENSIONS[image_format]}", ContentFile(original), save=False)
            file.storage.save(display_name_for(file.name), ContentFile(display))
        return file
