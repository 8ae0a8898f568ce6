"""Every calendar the site serves (over real HTTP) or attaches (through the real SMTP server), parsed.

Each is read back with the icalendar parser: its entries, their times in the
event's own time zone (an event away from the server's zone, so that the zone is
really the event's) and the language of its words.
"""

import datetime
import urllib.request

import icalendar
import pytest
from django.utils import translation

from registration.services import cancel_registration, register_attendee
from sessions.services import add_to_agenda, agenda_feed_for
from tests.conftest import wait_for
from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, at
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.services import answer_rsvp

ZONE = "Europe/Berlin"


def _fetch(url: str) -> icalendar.Calendar:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the live server on loopback
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        return icalendar.Calendar.from_ical(response.read())


def _attached(message, filename: str) -> icalendar.Calendar:
    [part] = [part for part in message.iter_attachments() if part.get_filename() == filename]
    assert part.get_content_type() == "text/calendar"
    return icalendar.Calendar.from_ical(part.get_content())


def _with_calendar(mailbox, address: str):
    """The last message to the address that carries a calendar (a waitlist notice carries none)."""
    return wait_for(
        lambda: [message for message in mailbox.to(address) if any(message.iter_attachments())],
        what=f"an email with a calendar to {address}",
    )[-1]


def _local(entry, name: str) -> tuple[str, str]:
    """The zone the entry names for a time and the wall-clock time it says there."""
    moment = entry.decoded(name)
    return str(entry[name].params["TZID"]), f"{moment:%Y-%m-%d %H:%M}"


@pytest.fixture
def programme(transactional_db):
    event = EventFactory(slug="aigs", name_ko="인공지능 심포지엄", name_en="AI Symposium", time_zone=ZONE)
    room = RoomFactory(event=event, name_ko="301호", name_en="Room 301")
    keynote = ProgrammeSessionFactory(
        event=event,
        room=room,
        title_ko="기조강연: 학습, 추론; 그리고 \\ 기호",
        title_en="Keynote: learning, reasoning; and \\ signs",
        abstract_ko="첫 줄\n둘째 줄",
        abstract_en="First line\nsecond line",
        starts_at=at(event, 0, "10:30"),
        ends_at=at(event, 0, "11:15"),
        is_published=True,
    )
    ProgrammeSessionFactory(event=event, title_ko="비공개", title_en="Unpublished", is_published=False)
    return event, keynote


@pytest.mark.parametrize(
    ("language", "summary", "location", "description"),
    [
        ("ko", "기조강연: 학습, 추론; 그리고 \\ 기호", "301호, 코엑스", "첫 줄\n둘째 줄"),
        ("en", "Keynote: learning, reasoning; and \\ signs", "Room 301, COEX", "First line\nsecond line"),
    ],
)
def test_served_calendars_parse_with_times_in_the_event_zone_and_words_in_the_language(
    live_server, settings, programme, language, summary, location, description
):
    event, keynote = programme
    user = UserFactory()
    add_to_agenda(user=user, session=keynote)
    feed = agenda_feed_for(user=user, event=event)
    paths = {
        "programme": "/aigs/programme.ics",
        "session": f"/aigs/programme/sessions/{keynote.pk}.ics",
        "agenda": f"/aigs/programme/agenda/{feed.token}.ics",
    }

    calendars = {name: _fetch(f"{live_server.url}{path}?lang={language}") for name, path in paths.items()}

    day = event.days[0]
    for name, calendar in calendars.items():
        [entry] = calendar.walk("VEVENT")
        assert str(entry["summary"]) == summary, name
        assert entry["summary"].params["LANGUAGE"] == language, name
        assert str(entry["location"]) == location, name
        assert str(entry["description"]) == description, name
        assert _local(entry, "dtstart") == (ZONE, f"{day:%Y-%m-%d} 10:30"), name
        assert _local(entry, "dtend") == (ZONE, f"{day:%Y-%m-%d} 11:15"), name
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == [ZONE], name
        assert str(calendar["x-wr-timezone"]) == ZONE, name
        assert "method" not in calendar, name  # a feed or a download, not a message
        assert str(entry["url"]) == f"{settings.SITE_URL}/aigs/programme/sessions/{keynote.pk}/", name
    uids = {str(calendar.walk("VEVENT")[0]["uid"]) for calendar in calendars.values()}
    assert len(uids) == 1  # one session is one entry in every calendar that has it
    again = _fetch(f"{live_server.url}{paths['session']}?lang={'en' if language == 'ko' else 'ko'}")
    assert {str(again.walk("VEVENT")[0]["uid"])} == uids  # and in either language
    names = {name: str(calendar["x-wr-calname"]) for name, calendar in calendars.items()}
    assert names == {
        "programme": event.name_ko if language == "ko" else event.name_en,
        "session": summary,
        "agenda": event.name_ko if language == "ko" else event.name_en,
    }


@pytest.mark.django_db(transaction=True)
def test_registration_emails_attach_the_days_in_the_recipients_language(celery_worker, mailbox):
    event = EventFactory(slug="aigs", name_ko="인공지능 심포지엄", name_en="AI Symposium", time_zone=ZONE)
    day = EventDayFactory(event=event, capacity=1)
    first, waiting = attendee(), attendee()
    waiting.preferred_language = "en"
    waiting.save()

    with translation.override("ko"):  # the page the second person registered on was in Korean
        registration = register_attendee(event=event, user=first, dates=[day.date])
        register_attendee(event=event, user=waiting, dates=[day.date])
    confirmation = _attached(mailbox.wait_for_message_to(first.email), "symposium.ics")
    mailbox.wait_for_message_to(waiting.email)  # on the waitlist: no calendar yet
    mailbox.clear()
    with translation.override("ko"):
        cancel_registration(registration=registration)
    promotion = _attached(mailbox.wait_for_message_to(waiting.email), "symposium.ics")

    for calendar, language, name, venue in [(confirmation, "ko", "인공지능 심포지엄", "코엑스"),
                                            (promotion, "en", "AI Symposium", "COEX")]:  # fmt: skip
        [entry] = calendar.walk("VEVENT")
        assert str(calendar["method"]) == "PUBLISH"
        assert str(entry["summary"]) == name
        assert entry["summary"].params["LANGUAGE"] == language
        assert str(entry["location"]) == venue
        assert entry.decoded("dtstart") == day.date  # an all-day entry: the event's own date
        assert entry.decoded("dtend") == day.date + datetime.timedelta(days=1)
        assert str(entry["uid"]) == f"aigs-{day.date:%Y%m%d}@symposium"


@pytest.mark.django_db(transaction=True)
def test_townhall_acceptances_and_promotions_attach_the_evening_in_the_guests_language(celery_worker, mailbox):
    event = EventFactory(slug="aigs", name_ko="인공지능 심포지엄", name_en="AI Symposium", time_zone=ZONE)
    starts_at = datetime.datetime.combine(event.start_date, datetime.time(18, 30), tzinfo=event.zone)
    townhall = TownhallFactory(
        event=event, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), capacity=1
    )
    korean = GuestFactory(townhall=townhall, language="ko")
    english = GuestFactory(townhall=townhall, language="en")
    second_korean = GuestFactory(townhall=townhall, language="ko")

    with translation.override("en"):  # answers are saved in whatever language the request was in
        answer_rsvp(guest=korean, attending=True)  # the one seat
    with translation.override("ko"):
        answer_rsvp(guest=english, attending=True)  # waitlisted
        answer_rsvp(guest=korean, attending=False)  # frees the seat: the English guest is promoted
    calendars = {
        "ko": _attached(mailbox.wait_for_message_to(korean.email), "townhall.ics"),
        "en": _attached(_with_calendar(mailbox, english.email), "townhall.ics"),
    }
    with translation.override("en"):
        answer_rsvp(guest=english, attending=False)
        answer_rsvp(guest=second_korean, attending=True)
    calendars["ko-second"] = _attached(mailbox.wait_for_message_to(second_korean.email), "townhall.ics")

    expected = {
        "ko": ("인공지능 심포지엄 · 타운홀", "코엑스 아셈볼룸"),
        "en": ("AI Symposium · Townhall", "COEX ASEM Ballroom"),
    }
    for name, calendar in calendars.items():
        language = name[:2]
        [entry] = calendar.walk("VEVENT")
        assert str(calendar["method"]) == "PUBLISH"
        assert (str(entry["summary"]), str(entry["location"])) == expected[language]
        assert entry["summary"].params["LANGUAGE"] == language
        assert _local(entry, "dtstart") == (ZONE, f"{event.start_date:%Y-%m-%d} 18:30")
        assert _local(entry, "dtend") == (ZONE, f"{event.start_date:%Y-%m-%d} 20:30")
        assert str(entry["uid"]) == f"townhall-{townhall.pk}@symposium"
