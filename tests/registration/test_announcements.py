import pytest

from announcements.models import Announcement
from announcements.services import send_announcement
from mail.models import OutboundEmail
from registration.services import register_attendee
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory

pytestmark = pytest.mark.django_db


def test_announcement_to_one_days_attendees_reaches_each_once_in_their_language(client):
    event = EventFactory(slug="aigs", name_ko="심포지엄", name_en="Symposium")
    day_one = EventDayFactory(event=event, date=event.start_date, capacity=10)
    day_two = EventDayFactory(event=event, date=event.end_date, capacity=10)
    korean, english, other_day = attendee(), attendee(), attendee()
    english.preferred_language = "en"
    english.save()
    for person in (korean, english):
        register_attendee(event=event, user=person, dates=[day_one.date, day_two.date])
    register_attendee(event=event, user=other_day, dates=[day_two.date])
    announcement = Announcement.objects.create(
        event=event, segment="confirmed_on_day", day=day_one,
        subject_ko="셔틀버스 안내", subject_en="Shuttle bus", body_ko="8시에 출발합니다.", body_en="It leaves at 8.",
    )  # fmt: skip

    first = send_announcement(announcement=announcement)
    second = send_announcement(announcement=announcement)

    rows = {row.recipient: row for row in OutboundEmail.objects.filter(kind="announcement")}
    assert (first, second) == (2, 0)
    assert set(rows) == {korean.email, english.email}
    assert rows[korean.email].subject == "[심포지엄] 셔틀버스 안내"
    assert rows[english.email].subject == "[Symposium] Shuttle bus"


def test_announcement_admin_previews_and_sends_with_progress(client):
    event = EventFactory(slug="aigs")
    day = EventDayFactory(event=event, capacity=10)
    register_attendee(event=event, user=attendee(), dates=[day.date])
    announcement = Announcement.objects.create(
        event=event, segment="all_confirmed", subject_ko="안내", subject_en="Notice", body_ko="본문", body_en="Body"
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/announcements/announcement/{announcement.pk}/change/").content.decode()
    client.post(
        "/admin/announcements/announcement/",
        {"action": "send", "_selected_action": [announcement.pk], "confirmed": "yes"},
    )
    listing = client.get("/admin/announcements/announcement/").content.decode()

    assert "[" + event.name_ko + "] 안내" in page
    assert "1건 중 0건 발송, 0건 실패" in listing


def test_announcement_to_booth_staff_reaches_the_staff_of_the_events_booths():

    event = EventFactory(slug="aigs")
    staff = BoothStaffFactory(booth=BoothFactory(event=event))
    BoothStaffFactory(booth=BoothFactory())  # another event's booth
    announcement = Announcement.objects.create(
        event=event,
        segment="booth_staff",
        subject_ko="부스 설치",
        subject_en="Booth set-up",
        body_ko="7시",
        body_en="7 am",
    )

    queued = send_announcement(announcement=announcement)

    assert queued == 1
    assert OutboundEmail.objects.get(kind="announcement").recipient == staff.user.email


def test_announcement_to_accepted_townhall_guests():

    townhall = TownhallFactory()
    coming = GuestFactory(townhall=townhall, status="accepted", language="en")
    GuestFactory(townhall=townhall, status="declined")
    announcement = Announcement.objects.create(
        event=townhall.event, segment="townhall_accepted", subject_ko="주차 안내", subject_en="Parking",
        body_ko="지하 3층", body_en="Level B3",
    )  # fmt: skip

    send_announcement(announcement=announcement)

    row = OutboundEmail.objects.get(kind="announcement")
    assert (row.recipient, row.subject) == (coming.email, f"[{townhall.event.name_en}] Parking")
