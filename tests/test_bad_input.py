"""Bad input answers a clear 4xx, never a 500: the cases found by hand, one test each."""

from __future__ import annotations

import io
import json
import re
import uuid

import pytest
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from PIL import Image

from booths.models import DeviceToken
from booths.services import record_visit
from common.input import _depth_exceeds, parse_int
from common.widgets import SafeAutocompleteMixin
from registration.models import CheckInRole
from registration.services import register_attendee
from sessions.models import ProgrammeSession
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Guest


@pytest.fixture
def event():
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    return event


def _lead(event):
    booth = BoothFactory(event=event)
    staff = BoothStaffFactory(booth=booth, role="manager").user
    visitor = register_attendee(event=event, user=attendee(), dates=[event.start_date])
    visit = record_visit(booth=booth, badge_code=visitor.badge_code, nonce="nonce-000001", scanned_at=timezone.now())
    return booth, staff, visit.record


@pytest.mark.django_db
def test_nul_bytes_in_texts_saved_without_a_form_are_dropped(client, event):
    booth, staff, visit = _lead(event)
    guest = GuestFactory(townhall=TownhallFactory(event=event))
    client.force_login(staff)

    lead = client.post(f"/aigs/booths/visits/{visit.pk}/", {"note": "good\x00 talk", "tags": "ai,\x00ml"})
    device = client.post(f"/aigs/booths/{booth.pk}/devices/", {"name": "front\x00desk"})
    rsvp = client.post(f"/townhall/rsvp/{guest.rsvp_token}/", {"answer": "accept", "dietary_needs": "vegan\x00"})

    assert (lead.status_code, device.status_code, rsvp.status_code) == (302, 200, 302)
    visit.refresh_from_db()
    assert (visit.note, visit.tags) == ("good talk", ["ai", "ml"])
    assert DeviceToken.objects.get(booth=booth).name == "frontdesk"
    assert Guest.objects.get(pk=guest.pk).dietary_needs == "vegan"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, text", [("ko", "웹 주소에 들어갈 수 없는 문자"), ("en", "characters that do not belong")]
)
def test_nul_in_a_path_token_is_a_400_page_in_the_persons_language(client, event, language, text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in ["/townhall/rsvp/%00/", "/aigs/programme/agenda/%00.ics", "/me/reminders/off/%00/"]:
        response = client.get(path)
        assert response.status_code == 400, path
        assert text in response.content.decode(), path


@pytest.mark.django_db
def test_unicode_digits_are_not_numbers(client, event):
    booth, staff, visit = _lead(event)
    client.force_login(staff)
    rating = client.post(f"/aigs/booths/visits/{visit.pk}/", {"rating": "²", "note": "x"})
    assert rating.status_code == 302
    visit.refresh_from_db()
    assert visit.rating is None

    slot = ConsultationSlotFactory(booth=booth)
    client.force_login(attendee())
    moved = client.post(f"/aigs/booths/slots/{slot.pk}/book/", {"move_from": "١٢"})
    assert moved.status_code == 302

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/registration/registration/?day=²").status_code in {200, 302}


@pytest.mark.django_db
def test_a_relative_next_goes_home_instead_of_failing(client, event):
    switched = client.get("/language/en/?next=programme")
    assert (switched.status_code, switched["Location"]) == (302, "/")

    session_id = _session(event).pk
    client.force_login(attendee())
    back = client.post(f"/aigs/programme/sessions/{session_id}/agenda/", {"next": "programme"})
    assert (back.status_code, back["Location"]) == (302, f"/aigs/programme/sessions/{session_id}/")


def _session(event):

    return ProgrammeSessionFactory(event=event)


def _scanner_people(event):
    booth = BoothFactory(event=event)
    staff = BoothStaffFactory(booth=booth).user
    TownhallFactory(event=event)
    desk = UserFactory()
    CheckInRole.objects.create(user=desk, event=event, kind="entrance")
    CheckInRole.objects.create(user=desk, event=event, kind="door")
    return [
        (staff, f"/api/booths/{booth.pk}/visits"),
        (desk, "/api/events/aigs/entrance"),
        (desk, "/api/events/aigs/townhall-door"),
    ]


@pytest.mark.django_db
def test_scanner_apis_answer_deep_json_and_multipart_with_json_errors(client, event):
    deep = "[" * 3000 + "]" * 3000
    for person, url in _scanner_people(event):
        client.force_login(person)
        nested = client.post(url, data=deep, content_type="application/json")
        multipart = client.post(url, {"badge_code": "AbCdEfGh12345678", "nonce": uuid.uuid4().hex})
        not_utf8 = client.post(url, data=b'{"badge_code": "\xff\xfe"}', content_type="application/json")
        assert (nested.status_code, nested.json()["status"]) == (400, "malformed"), url
        assert (multipart.status_code, multipart.json()["status"]) == (415, "malformed"), url
        assert not_utf8.status_code == 400, url


@pytest.mark.django_db
def test_frame_decode_refuses_a_decompression_bomb(client):

    frame = io.BytesIO()
    Image.new("1", (20000, 20000)).save(frame, format="PNG")
    frame.seek(0)
    frame.name = "frame.png"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # organisers may scan
    response = client.post("/api/scanner/decode", {"frame": frame})
    assert (response.status_code, response.json()["code"]) == (413, None)


def _import_token(page: str) -> str:
    """The token of the previewed file, from the confirmation form of an import page."""
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


@pytest.mark.django_db
def test_guest_csv_preview_catches_what_the_database_would_refuse(client, event):
    townhall = TownhallFactory(event=event)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    rows = (
        "name,email,organisation,sector,title\n"
        f"{'김' * 101},long.name@example.org,KAIST,academia,\n"
        f"박지성,long.title@example.org,KAIST,academia,{'t' * 201}\n"
        "이\x00름,nul@example.org,KAIST,academia,\n"
    )

    data = io.BytesIO(rows.encode())
    data.name = "guests.csv"
    preview = client.post("/admin/townhall/guest/import/", {"townhall": townhall.pk, "file": data})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "2행" in page and "3행" in page and "4행" not in page
    assert client.post("/admin/townhall/guest/import/", {"token": _import_token(page)}).status_code == 302
    assert list(Guest.objects.filter(townhall=townhall).values_list("name", flat=True)) == ["이름"]


@pytest.mark.django_db
def test_programme_csv_with_a_nul_byte_or_unicode_digits_is_reported(client, event):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    day = event.start_date.isoformat()

    def upload(rows):
        data = io.BytesIO(("kind,title_ko,date,start,end,seat_limit\n" + rows).encode())
        data.name = "programme.csv"
        return client.post("/admin/programme/programmesession/import/", {"event": event.pk, "file": data})

    digits = upload(f"research_presentation,발표,{day},10:00,10:30,²\n")
    assert digits.status_code == 200
    assert "seat_limit" in digits.content.decode()
    nul = upload(f"research_presentation,발\x00표,{day},11:00,11:30,\n")
    assert nul.status_code == 200  # the preview
    confirmed = client.post("/admin/programme/programmesession/import/", {"token": _import_token(nul.content.decode())})
    assert confirmed.status_code == 302
    assert ProgrammeSession.objects.get(event=event).title_ko == "발표"


@pytest.mark.django_db
def test_query_strings_with_nul_do_not_reach_the_database(client, event):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/registration/registration/?q=%00").status_code == 200
    assert client.get("/aigs/programme/?track=%00&day=%00").status_code == 200


def test_json_nesting_is_checked_before_parsing():

    assert _depth_exceeds("[" * 21, 20)
    assert not _depth_exceeds(json.dumps({"a": "[[[[[[[[[[[[[[[[[[[[[[[[["}), 20)


def test_whole_numbers_are_ascii_digits_in_range():
    assert [parse_int(value) for value in ["12", " 7 ", "²", "١٢", "-1", "", "1" * 30, str(2**63)]] == [
        12, 7, None, None, None, None, None, None,
    ]  # fmt: skip
    assert parse_int("-3", minimum=-5) == -3
    assert parse_int(True) is None


def test_every_admin_autocomplete_survives_a_posted_value_that_is_not_an_id():
    """Django's autocomplete widget queries `pk__in` with whatever was posted; ours drops what is not an id."""

    admins = list(admin.site._registry.values())
    admins += [inline(model_admin.model, admin.site) for model_admin in admins for inline in model_admin.inlines]
    unsafe = [type(model_admin).__name__ for model_admin in admins if model_admin.autocomplete_fields]
    unsafe = [name for name, model_admin in zip(unsafe, [a for a in admins if a.autocomplete_fields], strict=True)
              if not isinstance(model_admin, SafeAutocompleteMixin)]  # fmt: skip
    assert unsafe == []


@pytest.mark.django_db
def test_admin_forms_with_an_autocomplete_re_render_a_bad_organisation_or_speaker(client, event):

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    speaker = client.post("/admin/programme/speaker/add/", {"event": event.pk, "name_ko": "연사", "organization": "ab"})
    session = ProgrammeSessionFactory(event=event)
    inline = client.post(
        f"/admin/programme/programmesession/{session.pk}/change/",
        {"speaker_roles-TOTAL_FORMS": "1", "speaker_roles-INITIAL_FORMS": "0", "speaker_roles-0-speaker": "x"},
    )
    assert (speaker.status_code, inline.status_code) == (200, 200)
    assert "올바르게 선택해 주세요" in speaker.content.decode()


@pytest.mark.django_db
def test_visits_and_entrance_check_ins_are_not_added_by_hand(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.post("/admin/booths/visit/add/", {}).status_code == 403
    assert client.post("/admin/registration/entrancecheckin/add/", {}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/townhall/guest/import/", "/admin/programme/programmesession/import/"])
def test_import_confirmation_with_an_expired_or_foreign_token_says_to_choose_the_file_again(client, path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(path, {"token": "expired-or-someone-elses"}, follow=True)

    assert response.redirect_chain == [(path, 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "미리 본 파일은 30분이 지나 더 이상 보관되지 않습니다. 파일을 다시 골라 새로 미리 보세요."
    ]
