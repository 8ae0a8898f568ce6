"""A person with data in every app: registration, agenda, seat, booking, booth visit, check-in, townhall, emails."""

from __future__ import annotations

from django.db import connection

from booths.models import Visit
from booths.services import book_consultation, record_visit, update_lead
from mail.reminders import set_reminder_preference
from registration.models import Registration
from registration.services import check_in_at_entrance, register_attendee
from sessions.services import add_to_agenda, agenda_feed_for, reserve_seat
from tests.factories.booths import BoothFactory, ConsultationSlotFactory
from tests.factories.programme import ProgrammeSessionFactory, at
from tests.factories.registration import EventDayFactory, OrganizationFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Guest
from townhall.services import answer_rsvp, send_invitations

EMAIL = "jiwoo.kim.pipa@example.org"
LOCAL_PART = "jiwoo.kim.pipa"
FULL_NAME = "김지우 Kim Jiwoo"
NEEDLES = [EMAIL, LOCAL_PART, FULL_NAME, "김지우", "Kim Jiwoo"]


def person_everywhere(event) -> dict:
    """The person and one other attendee, who stays: both confirmed for the first day, both scanned at one booth."""
    day = EventDayFactory(event=event, capacity=10)
    person = attendee(share_with_booths=True, full_name=FULL_NAME, user=UserFactory(email=EMAIL))
    other = attendee(share_with_booths=True)
    registration = register_attendee(event=event, user=person, dates=[day.date], enforce_window=False)
    other_registration = register_attendee(event=event, user=other, dates=[day.date], enforce_window=False)
    set_reminder_preference(user=person, kind="session_reminder", wanted=False)

    session = ProgrammeSessionFactory(event=event, seat_limit=10, title_ko="대규모 언어 모델", title_en="LLMs")
    add_to_agenda(user=person, session=session)
    agenda_feed_for(user=person, event=event)
    reserve_seat(user=person, session=session)
    reserve_seat(user=other, session=session)

    booth = BoothFactory(event=event, number="B01", name_ko="애크미 부스", name_en="Acme booth")
    booth.companies.add(OrganizationFactory(kind="company", name_ko="애크미", name_en="Acme AI"))
    slot = ConsultationSlotFactory(booth=booth, seats=2)
    booking = book_consultation(user=person, slot=slot, agrees_to_share_name=True)
    book_consultation(user=other, slot=slot, agrees_to_share_name=True)
    scanned_at = at(event, 0, "10:00")
    visit = record_visit(booth=booth, badge_code=registration.badge_code, nonce="person-1", scanned_at=scanned_at)
    record_visit(booth=booth, badge_code=other_registration.badge_code, nonce="other-1", scanned_at=scanned_at)
    visit = update_lead(
        visit=Visit.objects.get(pk=visit.record.pk),
        note=f"{FULL_NAME} wants an internship; write to {EMAIL}",
        rating=5,
        tags=["김지우", "NLP"],
    )
    check_in_at_entrance(event=event, badge_code=registration.badge_code, nonce="door-1", scanned_at=scanned_at)

    townhall = TownhallFactory(event=event)
    guest = GuestFactory(townhall=townhall, name=FULL_NAME, email=EMAIL, status="not_sent", organisation="KAIST AI")
    send_invitations(guests=Guest.objects.filter(pk=guest.pk))
    answer_rsvp(guest=Guest.objects.get(pk=guest.pk), attending=True, dietary_needs="채식")
    return {
        "person": person, "other": other, "day": day, "session": session, "booth": booth, "slot": slot,
        "booking": booking, "visit": visit, "guest": guest, "townhall": townhall,
        "registration": Registration.objects.get(pk=registration.pk),
    }  # fmt: skip


def text_columns() -> list[tuple[str, str]]:
    """Every column of every table that can hold text: varchar, text, json, jsonb and arrays."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
            ORDER BY table_name, column_name
            """
        )
        return cursor.fetchall()


def where_found(needles: list[str]) -> dict[tuple[str, str], int]:
    """(table, column) -> rows whose column, as text, contains any of the needles (case-insensitive)."""
    found = {}
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE ANY (%s)',  # noqa: S608 - names come from information_schema
                [[f"%{needle}%" for needle in needles]],
            )
            (count,) = cursor.fetchone()
            if count:
                found[(table, column)] = count
    return found
