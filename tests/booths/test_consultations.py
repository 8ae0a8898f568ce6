import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from booths.models import ConsultationBooking, ConsultationSlot
from booths.reminders import CONSULTATION
from booths.services import book_consultation, cancel_consultation
from mail.models import OutboundEmail
from mail.reminders import plan_reminders
from tests.concurrency import run_in_parallel
from tests.factories.booths import ConsultationSlotFactory, book, registered_for


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_bookings_of_a_one_seat_slot_give_one_booking():
    slot = ConsultationSlotFactory(seats=1)
    people = [registered_for(slot.booth.event) for _ in range(20)]

    def book(person):
        try:
            book_consultation(user=person, slot=slot, agrees_to_share_name=True)
        except ValidationError:
            return "refused"
        return "booked"

    outcomes, errors = run_in_parallel(book, people)

    assert errors == []
    assert sorted(outcomes) == ["booked"] + ["refused"] * 19
    assert ConsultationBooking.objects.filter(slot=slot, is_cancelled=False).count() == 1
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_count == 1


@pytest.mark.django_db
def test_an_attendee_cannot_hold_two_overlapping_slots():
    first = ConsultationSlotFactory()
    overlapping = ConsultationSlotFactory(
        starts_at=first.starts_at + datetime.timedelta(minutes=10),
        ends_at=first.ends_at + datetime.timedelta(minutes=10),
    )
    person = registered_for(first.booth.event)
    registered_for(overlapping.booth.event, person)
    book_consultation(user=person, slot=first, agrees_to_share_name=True)

    with pytest.raises(ValidationError) as error:
        book_consultation(user=person, slot=overlapping, agrees_to_share_name=True)

    assert error.value.messages == ["같은 시간에 이미 상담이 예약되어 있습니다."]


@pytest.mark.django_db
def test_cancelling_frees_the_seat():
    slot = ConsultationSlotFactory()
    booking = book(slot=slot)

    cancel_consultation(booking=booking)
    book(slot=slot)

    assert ConsultationSlot.objects.get(pk=slot.pk).booked_count == 1


@pytest.mark.django_db
def test_consultation_reminder_half_an_hour_before_once():

    slot = ConsultationSlotFactory()
    person = book(slot=slot).user

    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=31), tick=False):
        early = plan_reminders(kinds=[CONSULTATION])
    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=30), tick=False):
        on_time = plan_reminders(kinds=[CONSULTATION])
        again = plan_reminders(kinds=[CONSULTATION])

    assert (early, on_time, again) == (0, 1, 0)
    assert OutboundEmail.objects.get(kind=CONSULTATION).recipient == person.email


@pytest.mark.django_db
def test_an_attendee_books_and_moves_a_consultation_from_the_booth_page(client):
    first = ConsultationSlotFactory()
    later = ConsultationSlotFactory(
        booth=first.booth,
        starts_at=first.starts_at + datetime.timedelta(hours=1),
        ends_at=first.ends_at + datetime.timedelta(hours=1),
    )
    person = registered_for(first.booth.event)
    client.force_login(person)
    slug = first.booth.event.slug

    client.post(f"/{slug}/booths/slots/{first.pk}/book/", {"share_name": "yes"})
    booking = ConsultationBooking.objects.get(user=person, is_cancelled=False)
    page = client.get(f"/{slug}/booths/{first.booth.pk}/").content.decode()
    client.post(f"/{slug}/booths/slots/{later.pk}/book/", {"move_from": booking.pk, "share_name": "yes"})

    assert f'name="move_from" value="{booking.pk}"' in page
    assert list(ConsultationBooking.objects.filter(user=person, is_cancelled=False).values_list("slot", flat=True)) == [
        later.pk
    ]
    assert ConsultationSlot.objects.get(pk=first.pk).booked_count == 0
