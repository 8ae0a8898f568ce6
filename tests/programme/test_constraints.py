"""The database holds the programme's invariants; admin shows them as clear form errors."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.formats import date_format

from audit.models import AuditEntry
from common.exports import export_response
from sessions.models import ProgrammeSession
from sessions.services import import_programme_csv, programme_table
from tests.factories.programme import (
    ProgrammeSessionFactory,
    RoomFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    at,
)
from tests.factories.registration import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="aigs")


def test_database_refuses_two_sessions_in_one_room_at_once(event):
    room = RoomFactory(event=event)
    ProgrammeSessionFactory(event=event, room=room, starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00"))

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeSessionFactory(event=event, room=room, starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30"))

    back_to_back = ProgrammeSessionFactory(
        event=event, room=room, starts_at=at(event, 0, "11:00"), ends_at=at(event, 0, "11:30")
    )
    assert back_to_back.pk is not None


def test_database_refuses_a_session_ending_before_it_starts(event):
    with pytest.raises(IntegrityError):
        ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "09:00"))


def test_database_refuses_a_speaker_in_two_overlapping_sessions(event):
    speaker = SpeakerFactory(event=event)
    first = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00"))
    second = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30"))
    SessionSpeakerFactory(session=first, speaker=speaker)

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionSpeakerFactory(session=second, speaker=speaker)


def test_moving_a_session_onto_its_speakers_other_session_is_refused(event):
    speaker = SpeakerFactory(event=event)
    first = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00"))
    second = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "13:00"), ends_at=at(event, 0, "14:00"))
    SessionSpeakerFactory(session=first, speaker=speaker)
    SessionSpeakerFactory(session=second, speaker=speaker)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeSession.objects.filter(pk=second.pk).update(
            starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30")
        )


def _admin_form(event, room, starts: str, ends: str, **extra) -> dict:
    return {
        "event": event.pk,
        "kind": "panel",
        "title_ko": "새 세션",
        "title_en": "New session",
        "starts_at_0": event.days[0].isoformat(),
        "starts_at_1": starts,
        "ends_at_0": event.days[0].isoformat(),
        "ends_at_1": ends,
        "room": room.pk if room else "",
        "language": "ko",
        "speaker_roles-TOTAL_FORMS": "0",
        "speaker_roles-INITIAL_FORMS": "0",
        **extra,
    }


@pytest.fixture
def organiser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_names_the_session_that_takes_the_room(organiser_client, event, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    room = RoomFactory(event=event, name_en="Grand Ballroom", name_ko="그랜드볼룸")
    ProgrammeSessionFactory(
        event=event, room=room, title_ko="기조강연", starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00")
    )

    response = organiser_client.post(
        "/admin/programme/programmesession/add/", _admin_form(event, room, "10:30", "11:30")
    )

    assert response.status_code == 200
    with translation.override("ko"):
        day = date_format(event.days[0], "MONTH_DAY_FORMAT")
    assert response.context["adminform"].form.errors["room"] == [
        f"그랜드볼룸 공간은 “기조강연” ({day} 10:00–11:00) 세션이 사용 중입니다."
    ]


def test_admin_names_the_clashing_session_of_a_speaker(organiser_client, event):
    speaker = SpeakerFactory(event=event, name_ko="이홍락")
    busy = ProgrammeSessionFactory(
        event=event, title_ko="기조강연", starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00")
    )
    SessionSpeakerFactory(session=busy, speaker=speaker)
    data = _admin_form(event, None, "10:30", "11:30")
    data.update(
        {
            "speaker_roles-TOTAL_FORMS": "1",
            "speaker_roles-0-speaker": speaker.pk,
            "speaker_roles-0-role": "panelist",
            "speaker_roles-0-order": "0",
        }
    )

    response = organiser_client.post("/admin/programme/programmesession/add/", data)

    assert response.status_code == 200
    formset_errors = response.context["inline_admin_formsets"][0].formset.errors
    with translation.override("ko"):
        day = date_format(event.days[0], "MONTH_DAY_FORMAT")
    assert formset_errors == [
        {"speaker": [f"이홍락 연사는 같은 시간에 “기조강연” ({day} 10:00–11:00) 세션에 있습니다."]}
    ]


def test_admin_shows_end_before_start_as_a_field_error(organiser_client, event):
    response = organiser_client.post(
        "/admin/programme/programmesession/add/", _admin_form(event, None, "11:00", "10:00")
    )

    assert response.context["adminform"].form.errors == {"ends_at": ["세션은 시작 후에 끝나야 합니다."]}
    assert ProgrammeSession.objects.count() == 0


def test_csv_import_is_all_or_nothing_with_line_numbers(event):

    RoomFactory(event=event, name_en="Room 301", name_ko="301호")
    day = event.days[0].isoformat()
    csv_text = (
        "kind,title_ko,title_en,date,start,end,room,track,language,seat_limit,is_published\n"
        f"keynote,기조강연,Keynote,{day},10:00,11:00,Room 301,,ko,,yes\n"
        f"panel,패널,Panel,{day},10:30,11:30,Room 301,,ko,,yes\n"
        f"dance,춤,Dance,{day},12:00,13:00,,,ko,,yes\n"
        f"panel,패널2,Panel 2,{day},25:00,13:00,,,ko,,yes\n"
    )

    report = import_programme_csv(event=event, data=csv_text.encode())

    assert report.created == 0
    assert [line for line, _reason in report.errors] == [3, 4, 5]
    assert ProgrammeSession.objects.count() == 0


def test_csv_export_then_import_round_trips(event):

    room = RoomFactory(event=event, name_en="Room 301")
    ProgrammeSessionFactory(event=event, room=room, title_ko="기조강연", starts_at=at(event, 0, "10:00"))
    organiser = UserFactory(is_staff=True)
    exported = export_response(programme_table(event=event), "csv", actor=organiser, event=event, kind="programme")
    ProgrammeSession.objects.all().delete()

    report = import_programme_csv(event=event, data=exported.content)

    assert (report.created, report.errors) == (1, [])
    session = ProgrammeSession.objects.get()
    assert (session.title_ko, session.room, session.starts_at) == ("기조강연", room, at(event, 0, "10:00"))
    assert session.ends_at - session.starts_at == datetime.timedelta(minutes=30)
    assert AuditEntry.objects.filter(actor=organiser, event=event).count() == 1  # the download is on the trail
