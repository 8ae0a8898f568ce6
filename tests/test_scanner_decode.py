"""The server-side QR reader behind the scanner: only for people who scan, bounded in size and rate."""

import io
import struct
import zlib

import pytest
import segno
from PIL import Image

from registration.models import CheckInRole
from tests.factories.booths import BoothStaffFactory
from tests.factories.registration import EventFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_limits_cleared")]

CODE = "AbCdEfGh12345678"


def _qr_frame() -> io.BytesIO:
    frame = io.BytesIO()
    segno.make(CODE, error="m").save(frame, kind="png", scale=8)
    frame.seek(0)
    frame.name = "frame.png"
    return frame


def _png_claiming(width: int, height: int) -> io.BytesIO:
    """A PNG whose header claims the size; a few hundred bytes whatever the size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )
    frame = io.BytesIO(body)
    frame.name = "frame.png"
    return frame


def _real_huge_png() -> io.BytesIO:
    frame = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(frame, format="PNG", optimize=True)
    frame.seek(0)
    frame.name = "frame.png"
    return frame


def _decode(client, frame):
    return client.post("/api/scanner/decode", {"frame": frame})


@pytest.fixture
def booth_staff(client):
    user = BoothStaffFactory().user
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "person",
    ["booth staff", "entrance check-in", "door check-in", "organiser"],
)
def test_people_who_scan_get_the_code_read(client, person):
    if person == "booth staff":
        user = BoothStaffFactory().user
    elif person == "organiser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = UserFactory()
        CheckInRole.objects.create(user=user, event=EventFactory(), kind=person.split()[0])
    client.force_login(user)

    response = _decode(client, _qr_frame())

    assert (response.status_code, response.json()) == (200, {"code": CODE})


def test_an_attendee_may_not_use_the_reader(client):
    client.force_login(UserFactory())

    response = _decode(client, _qr_frame())

    assert (response.status_code, response.json()) == (
        403,
        {"code": None, "error": "배지를 스캔하는 사람만 카메라 화면을 보낼 수 있습니다."},
    )


@pytest.mark.parametrize(
    "frame", [_png_claiming(30_000, 30_000), _png_claiming(2001, 10), _real_huge_png()], ids=["30000²", "wide", "144MP"]
)
def test_frames_too_large_to_be_camera_frames_are_refused_clearly(client, booth_staff, frame):
    frame.seek(0)

    response = _decode(client, frame)

    assert (response.status_code, response.json()) == (
        413,
        {"code": None, "error": "카메라 화면은 최대 2000 × 2000 픽셀까지 보낼 수 있습니다."},
    )


def test_the_refusal_is_in_english_for_english_readers(client, booth_staff):
    client.cookies["symposium_language"] = "en"

    response = _decode(client, _png_claiming(30_000, 30_000))

    assert response.json()["error"] == "A camera frame may be at most 2000 × 2000 pixels."


def test_each_person_has_a_budget_of_frames(client, booth_staff, settings):
    settings.SCANNER_DECODE_RATE = (3, 60)
    answers = [_decode(client, _qr_frame()).status_code for _attempt in range(4)]
    refused = _decode(client, _qr_frame())
    client.force_login(BoothStaffFactory().user)

    colleague = _decode(client, _qr_frame())

    assert answers == [200, 200, 200, 429]
    assert (refused.status_code, refused["Retry-After"], refused.json()["error"]) == (
        429,
        "60",
        "카메라 화면을 너무 많이 보냈습니다. 잠시 후에 다시 시도하세요.",
    )
    assert colleague.status_code == 200
