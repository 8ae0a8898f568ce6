"""Reminders go out at the right local time, once, follow moved sessions, and respect preferences."""

import datetime

import pytest
import time_machine
from django.contrib.sites.models import Site

from mail.models import EmailStatus, OutboundEmail, ReminderPreference
from mail.outbox import render_email
from mail.reminders import plan_reminders, set_reminder_preference, unsubscribe_token
from registration.services import register_attendee
from sessions.models import ProgrammeSession
from sessions.reminders import DAY_BEFORE, SESSION
from sessions.services import add_to_agenda
from tests.concurrency import run_in_parallel
from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, at
from tests.factories.registration import EventDayFactory, EventFactory, attendee

SEOUL = datetime.timezone(datetime.timedelta(hours=9))


def seoul(year, month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def event():
    event = EventFactory(slug="aigs", start_date=datetime.date(2026, 12, 8), end_date=datetime.date(2026, 12, 9))
    EventDayFactory(event=event, date=event.start_date)
    return event


@pytest.fixture
def person(event):
    user = attendee()
    register_attendee(event=event, user=user, dates=[event.start_date], enforce_window=False)
    return user


@pytest.mark.django_db
def test_day_before_reminder_goes_out_at_the_set_local_time_once(event, person):
    keynote = ProgrammeSessionFactory(
        event=event, title_ko="에이전트 강연", room=RoomFactory(event=event), starts_at=at(event, 0, "10:30")
    )
    add_to_agenda(user=person, session=keynote)

    with time_machine.travel(seoul(2026, 12, 7, 17, 59), tick=False):
        early = plan_reminders(kinds=[DAY_BEFORE])
    with time_machine.travel(seoul(2026, 12, 7, 18, 0), tick=False):
        on_time = plan_reminders(kinds=[DAY_BEFORE])
        again = plan_reminders(kinds=[DAY_BEFORE])

    email = OutboundEmail.objects.get(kind=DAY_BEFORE)
    assert (early, on_time, again) == (0, 1, 0)
    assert email.recipient == person.email
    assert "10:30" in email.text_body and "에이전트 강연" in email.text_body
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_after_midnight_in_seoul_the_missed_day_before_reminder_is_skipped_and_marked(event, person):
    # 15:30 UTC on the 7th is 00:30 on the 8th in Seoul: the day has begun.
    with time_machine.travel(datetime.datetime(2026, 12, 7, 15, 30, tzinfo=datetime.UTC), tick=False):
        queued = plan_reminders(kinds=[DAY_BEFORE])

    assert queued == 0
    row = OutboundEmail.objects.get(kind=DAY_BEFORE)
    assert (row.status, row.last_error) == (EmailStatus.SKIPPED, "the day had begun")


@pytest.mark.django_db
def test_just_before_midnight_in_seoul_the_late_reminder_is_still_sent(event, person):
    # 14:59 UTC on the 7th is 23:59 in Seoul: still the day before.
    with time_machine.travel(datetime.datetime(2026, 12, 7, 14, 59, tzinfo=datetime.UTC), tick=False):
        queued = plan_reminders(kinds=[DAY_BEFORE])

    assert queued == 1


@pytest.mark.django_db
def test_session_reminder_follows_a_session_moved_after_it_was_planned(event, person):
    session = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "10:30"))
    add_to_agenda(user=person, session=session)
    with time_machine.travel(seoul(2026, 12, 8, 9, 30), tick=False):
        assert plan_reminders(kinds=[SESSION]) == 0

    ProgrammeSession.objects.filter(pk=session.pk).update(
        starts_at=at(event, 0, "11:00"), ends_at=at(event, 0, "11:30")
    )
    with time_machine.travel(seoul(2026, 12, 8, 9, 46), tick=False):
        at_old_time = plan_reminders(kinds=[SESSION])
    with time_machine.travel(seoul(2026, 12, 8, 10, 46), tick=False):
        at_new_time = plan_reminders(kinds=[SESSION])

    assert (at_old_time, at_new_time) == (0, 1)
    email = OutboundEmail.objects.get(kind=SESSION)
    assert email.object_key == f"session:{session.pk}:20261208T0200"
    assert email.not_after == at(event, 0, "11:00")


@pytest.mark.django_db
def test_a_session_that_started_during_downtime_is_skipped_and_marked(event, person):
    session = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"))
    add_to_agenda(user=person, session=session)

    with time_machine.travel(seoul(2026, 12, 8, 10, 5), tick=False):
        queued = plan_reminders(kinds=[SESSION])

    assert queued == 0
    assert OutboundEmail.objects.get(kind=SESSION).status == EmailStatus.SKIPPED


@pytest.mark.django_db
def test_turned_off_reminders_are_not_sent(event, person):
    session = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"))
    add_to_agenda(user=person, session=session)
    set_reminder_preference(user=person, kind=SESSION, wanted=False)

    with time_machine.travel(seoul(2026, 12, 8, 9, 50), tick=False):
        queued = plan_reminders(kinds=[SESSION])

    assert queued == 0
    assert OutboundEmail.objects.filter(kind=SESSION).count() == 0


@pytest.mark.django_db
def test_one_click_unsubscribe_turns_the_reminder_off(client, person):
    token = unsubscribe_token(user=person, kind=SESSION)

    response = client.post(f"/me/reminders/off/{token}/", {"List-Unsubscribe": "One-Click"})
    tampered = client.post(f"/me/reminders/off/{token[:-2]}xx/")

    assert response.status_code == 200
    assert list(ReminderPreference.objects.filter(user=person).values_list("kind", "wants")) == [(SESSION, False)]
    assert tampered.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_beat_ticks_at_once_queue_one_message_per_person(event):
    session = ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"))
    people = [attendee() for _ in range(5)]
    for user in people:
        add_to_agenda(user=user, session=session)
    _results, errors = run_in_parallel(
        lambda _tick: plan_reminders(kinds=[SESSION], now=seoul(2026, 12, 8, 9, 50)), range(2)
    )

    assert errors == []
    assert sorted(OutboundEmail.objects.filter(kind=SESSION).values_list("recipient", flat=True)) == sorted(
        user.email for user in people
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "template",
    ["sessions/email/day_before", "sessions/email/session_reminder", "registration/email/confirmation"],
)
def test_messages_render_in_both_languages_without_untranslated_text(event, person, template):
    session = ProgrammeSessionFactory(
        event=event, title_ko="에이전트 강연", title_en="Agents", room=RoomFactory(event=event)
    )
    registration = person.registrations.get()
    context = {
        "event": event,
        "day": event.event_days.get(),
        "registration": registration,
        "days": list(registration.days.all()),
        "agenda": [session],
        "session": session,
        "badge_url": "https://symposium.example/aigs/me/",
        "programme_url": "https://symposium.example/aigs/programme/",
        "session_url": "https://symposium.example/aigs/programme/sessions/1/",
    }

    korean = render_email(template=template, context=context, language="ko")
    english = render_email(template=template, context=context, language="en")

    for part in ("subject", "text_body", "html_body"):
        assert korean[part] != english[part]
        english_words = {word.strip(".,:;()“”—") for word in english[part].split() if word.isascii() and word.isalpha()}
        korean_words = {word.strip(".,:;()“”—") for word in korean[part].split()}
        leftovers = {word for word in english_words & korean_words if len(word) > 3}
        allowed = {
            "COEX",
            "html",
            "head",
            "body",
            "meta",
            "title",
            "charset",
            "strong",
            "Agents",
            registration.badge_code,
            *registration.grouped_badge_code.split(),  # the code as printed, in groups of four
            Site.objects.get_current().name,  # the footer names the site, a proper name in both languages
        }
        assert leftovers - allowed == set(), part
