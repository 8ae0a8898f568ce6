import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sessions.models import validate_speaker_photo


def _image(kind: str, size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=kind)
    return buffer.getvalue()


def test_a_real_jpeg_photo_is_accepted():
    validate_speaker_photo(SimpleUploadedFile("honglak.jpg", _image("JPEG"), content_type="image/jpeg"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"%PDF-1.7 not an image", "읽을 수 있는 이미지가 아닙니다. JPEG, PNG, WebP 파일을 올려 주세요."),
        ("photo.gif", _image("GIF"), "이미지는 JPEG, PNG, WebP 형식으로 올려 주세요."),
        ("huge.jpg", b"\xff" * (2 * 1024 * 1024 + 1), "파일이 2MB보다 큽니다. 더 작은 파일을 올려 주세요."),
    ],
)
def test_photos_that_are_not_small_jpeg_png_or_webp_images_are_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_speaker_photo(SimpleUploadedFile(name, content))

    assert error.value.messages == [message]
