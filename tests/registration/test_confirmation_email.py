"""Confirmations and promotions go out through Celery and a real SMTP server."""

import pytest

from registration.services import cancel_registration, register_attendee
from tests.factories.registration import EventDayFactory, EventFactory, attendee


@pytest.mark.django_db(transaction=True)
def test_confirmation_email_arrives_with_the_badge_link_and_calendar(celery_worker, mailbox, settings):
    settings.SITE_URL = "https://symposium.example"
    event = EventFactory(slug="aigs")
    day = EventDayFactory(event=event)
    user = attendee()

    register_attendee(event=event, user=user, dates=[day.date])
    message = mailbox.wait_for_message_to(user.email)

    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert "https://symposium.example/aigs/me/" in text
    assert 'href="https://symposium.example/aigs/me/"' in html
    assert list(attachments) == ["symposium.ics"]
    assert "BEGIN:VEVENT" in attachments["symposium.ics"].get_content()
    assert message["Subject"].strip() == f"[{event.name_ko}] 등록 안내"


@pytest.mark.django_db(transaction=True)
def test_promotion_from_the_waitlist_is_told_by_email_in_english(celery_worker, mailbox):
    event = EventFactory(slug="aigs")
    day = EventDayFactory(event=event, capacity=1)
    first = attendee()
    waiting = attendee()
    waiting.preferred_language = "en"
    waiting.save()
    registration = register_attendee(event=event, user=first, dates=[day.date])
    register_attendee(event=event, user=waiting, dates=[day.date])
    mailbox.wait_for_message_to(waiting.email)  # the waitlist confirmation
    mailbox.clear()

    cancel_registration(registration=registration)
    message = mailbox.wait_for_message_to(waiting.email)

    assert message["Subject"].strip() == f"[{event.name_en}] A seat is now yours"
