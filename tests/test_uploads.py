import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sessions.models import Speaker, validate_speaker_photo
from tests.factories.programme import ProgrammeSessionFactory, SessionSpeakerFactory
from tests.factories.registration import EventFactory, UserFactory


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


def _huge_png() -> bytes:
    """12,000 x 12,000 pixels in about 18 kB: cheap to send, 144 megapixels to decode."""
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _photo_with_metadata(size=(2000, 1500)) -> bytes:
    image = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x8825] = {2: (37.0, 30.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"taken at home")
    return buffer.getvalue()


def test_a_pixel_bomb_is_refused_with_the_limit_in_the_message():
    content = _huge_png()
    assert len(content) < 50_000

    with pytest.raises(ValidationError) as error:
        validate_speaker_photo(SimpleUploadedFile("bomb.png", content, content_type="image/png"))

    assert error.value.messages == ["이미지가 40메가픽셀보다 큽니다. 8000 × 5000 픽셀 이하의 이미지를 올려 주세요."]


@pytest.fixture
def organiser_client(client):

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _add_speaker(client, photo: SimpleUploadedFile):

    event = EventFactory()
    return client.post(
        "/admin/programme/speaker/add/",
        {"event": event.pk, "name_ko": "이홍락", "name_en": "Honglak Lee", "photo": photo},
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_admin_refuses_a_non_image_naming_only_jpeg_png_and_webp(organiser_client):
    response = _add_speaker(organiser_client, SimpleUploadedFile("cv.pdf", b"%PDF-1.7 not an image"))

    errors = response.context["adminform"].form.errors["photo"]
    assert errors == ["읽을 수 있는 이미지가 아닙니다. JPEG, PNG, WebP 파일을 올려 주세요."]


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_admin_refuses_an_image_with_another_extension_naming_only_jpeg_png_and_webp(organiser_client):
    response = _add_speaker(organiser_client, SimpleUploadedFile("photo.bmp", _image("BMP")))

    errors = response.context["adminform"].form.errors["photo"]
    assert errors == ["이미지는 JPEG, PNG, WebP 형식으로 올려 주세요."]


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_admin_refuses_a_pixel_bomb(organiser_client):

    response = _add_speaker(organiser_client, SimpleUploadedFile("bomb.png", _huge_png()))

    assert response.context["adminform"].form.errors["photo"] == [
        "이미지가 40메가픽셀보다 큽니다. 8000 × 5000 픽셀 이하의 이미지를 올려 주세요."
    ]
    assert Speaker.objects.count() == 0


@pytest.mark.django_db
def test_a_stored_photo_has_no_metadata_and_pages_show_a_small_copy(organiser_client, media_root):

    response = _add_speaker(organiser_client, SimpleUploadedFile("honglak.jpg", _photo_with_metadata()))
    speaker = Speaker.objects.get()
    SessionSpeakerFactory(session=ProgrammeSessionFactory(event=speaker.event), speaker=speaker)
    page = organiser_client.get(f"/{speaker.event.slug}/programme/speakers/{speaker.pk}/")

    assert response.status_code == 302
    with Image.open(speaker.photo.path) as stored:
        assert (stored.size, dict(stored.getexif()), "comment" in stored.info) == ((2000, 1500), {}, False)
    display = media_root / speaker.photo.name.replace(".jpg", ".display.jpg")
    with Image.open(display) as copy:
        assert (copy.size, dict(copy.getexif())) == ((800, 600), {})
    assert speaker.photo.display_url in page.text
