"""An organiser raises a capacity in the admin: the people waiting move up at once, first in line first.

Event days always did (EventDayAdmin); a session's seat limit and the townhall's capacity
now do too, and the townhall's guests are told by email, as they are when a seat frees up.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from registration.services import register_attendee
from sessions.models import SeatReservation
from sessions.services import reserve_seat
from tests.conftest import wait_for
from tests.e2e.test_admin_in_browser import ko_plural, success_message
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Guest
from townhall.services import answer_rsvp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save_with(page, url: str, field: str, value: str) -> None:
    page.goto(url)
    page.locator(f"input[name={field}]").fill(value)
    page.locator("input[name=_continue], button[name=_continue]").first.click()


def test_raising_the_townhall_capacity_seats_the_waiting_guests_and_tells_them(
    organiser_page, live_server, mailbox, celery_worker, settings
):
    settings.SITE_URL = live_server.url  # the links in the emails lead to this server
    townhall = TownhallFactory(capacity=2)
    guests = [GuestFactory(townhall=townhall, name=f"손님 {n}", language="en" if n == 3 else "ko") for n in range(5)]
    for guest in guests:
        answer_rsvp(guest=guest, attending=True)
    waiting = sorted(Guest.objects.filter(townhall=townhall, status="waitlisted"), key=lambda guest: guest.queue_number)
    assert [guest.name for guest in waiting] == ["손님 2", "손님 3", "손님 4"]

    _save_with(organiser_page, f"{live_server.url}/admin/townhall/townhall/{townhall.pk}/change/", "capacity", "4")

    expect(success_message(organiser_page).first).to_contain_text(
        ko_plural(
            "%(count)d guest seated from the waitlist and told by email.",
            "%(count)d guests seated from the waitlist and told by email.",
            2,
        )
    )
    statuses = dict(Guest.objects.filter(townhall=townhall).values_list("name", "status"))
    assert statuses == {"손님 0": "accepted", "손님 1": "accepted", "손님 2": "accepted", "손님 3": "accepted",
                        "손님 4": "waitlisted"}  # fmt: skip
    for guest, words in [(waiting[0], "타운홀"), (waiting[1], "A seat at the townhall is now yours")]:
        message = mailbox.wait_for_message_to(guest.email)
        assert words in message["Subject"]  # in the guest's own language
        text = message.get_body(preferencelist=("plain",)).get_content()
        link = next(word for word in text.split() if word.startswith(live_server.url))
        page = organiser_page.context.new_page()
        assert page.goto(link).status == 200
        expect(page.locator("main")).to_contain_text("손님 2" if guest is waiting[0] else "손님 3")
        page.close()
    assert mailbox.to(waiting[2].email) == []


def test_raising_a_sessions_seat_limit_gives_the_seats_to_the_first_in_line(organiser_page, live_server):
    event = EventFactory()
    EventDayFactory(event=event, date=event.start_date)
    session = ProgrammeSessionFactory(event=event, seat_limit=1)
    people = [attendee() for _ in range(4)]
    for person in people:
        register_attendee(event=event, user=person, dates=[event.start_date])
        reserve_seat(user=person, session=session)

    _save_with(
        organiser_page, f"{live_server.url}/admin/programme/programmesession/{session.pk}/change/", "seat_limit", "3"
    )

    expect(success_message(organiser_page).first).to_contain_text(
        ko_plural("%(count)d person promoted from the waitlist.", "%(count)d people promoted from the waitlist.", 2)
    )
    wait_for(lambda: SeatReservation.objects.filter(session=session, status="confirmed").count() == 3)
    confirmed = set(SeatReservation.objects.filter(session=session, status="confirmed").values_list("user", flat=True))
    assert confirmed == {person.pk for person in people[:3]}
