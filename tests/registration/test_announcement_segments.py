"""Announcement segments are registered by the app that knows the people (common.segments)."""

import pytest

from announcements.models import Announcement
from announcements.services import send_announcement
from common.segments import segments
from mail.models import OutboundEmail
from sessions.services import add_to_agenda
from tests.factories.programme import ProgrammeSessionFactory, at
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/announcements/announcement/add/"


def test_the_announcement_form_offers_the_segments_each_app_registered(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(ADD_URL).content.decode()

    assert [(segment.key, segment.takes_day) for segment in segments()] == [
        ("all_confirmed", False),
        ("confirmed_on_day", True),
        ("waitlisted", False),
        ("news_subscribers", False),
        ("agenda_on_day", True),  # the programme's
        ("booth_staff", False),  # the booths'
        ("townhall_accepted", False),  # the townhall's
        ("challenge_participants", False),  # the challenge's
    ]
    assert [choice for choice, _label in Announcement._meta.get_field("segment").choices] == [
        segment.key for segment in segments()
    ]
    assert '<option value="booth_staff">모든 부스 담당자</option>' in page
    assert '<option value="agenda_on_day">특정 날짜의 세션을 내 일정에 담은 모든 분</option>' in page


def _form(event, segment: str, day=None, **fields) -> dict:
    return {
        "event": event.pk,
        "segment": segment,
        "day": day.pk if day else "",
        "subject_ko": "강의실 변경",
        "subject_en": "Room change",
        "body_ko": "3층으로 옮깁니다.",
        "body_en": "We move to the third floor.",
        **fields,
    }


@pytest.mark.parametrize(
    ("segment", "day_of", "error"),
    [
        ("agenda_on_day", None, "“특정 날짜의 세션을 내 일정에 담은 모든 분”에 보낼 날짜를 선택하세요."),
        ("confirmed_on_day", None, "“특정 날짜 참가가 확정된 모든 분”에 보낼 날짜를 선택하세요."),
        ("booth_staff", "this", "“모든 부스 담당자”은(는) 특정 날짜용이 아닙니다. 날짜를 비워 두세요."),
        ("agenda_on_day", "another", "날짜는 이 행사의 날짜 중 하나여야 합니다."),
        ("speakers", None, "올바르게 선택해 주세요. speakers 이/가 선택가능항목에 없습니다."),
    ],
)
def test_the_form_refuses_a_day_that_does_not_fit_the_segment_in_korean(client, segment, day_of, error):
    event = EventFactory()
    days = {"this": EventDayFactory(event=event), "another": EventDayFactory(), None: None}
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(ADD_URL, _form(event, segment, days[day_of]))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert Announcement.objects.count() == 0


def test_an_announcement_to_a_days_agenda_reaches_who_has_a_session_that_day(client):
    event = EventFactory(time_zone="Europe/Berlin")
    first, second = (EventDayFactory(event=event, date=date) for date in event.days)
    late_talk = ProgrammeSessionFactory(event=event, is_published=True, starts_at=at(event, 0, "23:30"))
    next_day_talk = ProgrammeSessionFactory(event=event, is_published=True, starts_at=at(event, 1, "00:30"))
    on_first, on_second, english = UserFactory(), UserFactory(), UserFactory(preferred_language="en")
    add_to_agenda(user=on_first, session=late_talk)
    add_to_agenda(user=english, session=late_talk)
    add_to_agenda(user=on_second, session=next_day_talk)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(ADD_URL, _form(event, "agenda_on_day", first))
    announcement = Announcement.objects.get()
    send_announcement(announcement=announcement)

    assert response.status_code == 302
    assert announcement.day == first != second
    rows = dict(OutboundEmail.objects.filter(kind="announcement").values_list("recipient", "subject"))
    assert rows == {
        on_first.email: f"[{event.name_ko}] 강의실 변경",
        english.email: f"[{event.name_en}] Room change",
    }
