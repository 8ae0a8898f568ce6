"""Reminder preferences as people use them: the profile page on a phone, the unsubscribe link in a received email.

The planner (mail.reminders.plan_reminders) runs as beat runs it, every kind at once;
a real Celery worker delivers to the real SMTP server, and the test reads what arrived.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.sites.models import Site
from django.test import Client
from django.utils import timezone, translation
from playwright.sync_api import expect

from booths.reminders import CONSULTATION
from events.models import EventDay
from mail.models import EmailStatus, OutboundEmail, ReminderPreference
from mail.reminders import get_reminder_kind, optional_reminder_kinds, plan_reminders, unsubscribe_token, wanted_kinds
from sessions.reminders import DAY_BEFORE, SESSION
from sessions.services import add_to_agenda
from tests.conftest import wait_for
from tests.factories.booths import BoothFactory, ConsultationSlotFactory, book
from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, at
from tests.factories.registration import AttendeeProfileFactory, EventFactory
from townhall.reminders import UNANSWERED

pytestmark = [pytest.mark.django_db(transaction=True)]

KINDS = [DAY_BEFORE, SESSION, CONSULTATION]


@pytest.fixture
def on_live_server(live_server, settings):
    """Links in emails lead to the live server, as SITE_URL does in production."""
    settings.SITE_URL = live_server.url
    site = Site.objects.get_current()
    site.domain = urlsplit(live_server.url).netloc
    site.save()
    return live_server.url


def _person_with_every_reminder(language: str) -> dict:
    """Registered for tomorrow, a talk in the agenda, a consultation booked: each opt-out kind has an occasion."""
    event = EventFactory(start_date=timezone.localdate() + datetime.timedelta(days=1))
    for date in event.days:
        EventDay.objects.get_or_create(event=event, date=date, defaults={"capacity": 100})
    user = AttendeeProfileFactory(full_name="김지우 Kim Jiwoo").user
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    slot = ConsultationSlotFactory(
        booth=BoothFactory(event=event), starts_at=at(event, 0, "14:00"), ends_at=at(event, 0, "14:20")
    )
    book(slot=slot, user=user)  # registers the person for the first day, as a booker must be
    talk = ProgrammeSessionFactory(event=event, room=RoomFactory(event=event), starts_at=at(event, 0, "10:30"))
    add_to_agenda(user=user, session=talk)
    evening_before = datetime.datetime.combine(
        event.start_date - datetime.timedelta(days=1), event.day_before_reminder_time, tzinfo=event.zone
    )
    return {
        "user": user,
        "event": event,
        "talk": talk,
        "ticks": [
            max(evening_before, timezone.now()),  # the day-before reminder is due
            talk.starts_at - datetime.timedelta(minutes=5),  # the session reminder
            slot.starts_at - datetime.timedelta(minutes=10),  # the consultation reminder
        ],
    }


def _beat(ticks) -> None:
    for tick in ticks:
        plan_reminders(now=tick)


def _received_reminder_kinds(mailbox, address: str) -> set[str]:
    """The kinds of the reminders that arrived, read from each message's Message-ID (<outbox.<pk>@host>)."""
    ids = [int(re.search(r"outbox\.(\d+)@", message["Message-ID"]).group(1)) for message in mailbox.to(address)]
    kinds = set(OutboundEmail.objects.filter(pk__in=ids).values_list("kind", flat=True))
    return kinds & {kind.key for kind in optional_reminder_kinds()}


def _wait_until_sent(address: str, kinds: set[str]) -> None:
    def done():
        rows = OutboundEmail.objects.filter(recipient=address, kind__in=kinds)
        return rows.count() == len(kinds) and all(row.status == EmailStatus.SENT for row in rows)

    wait_for(done, timeout=20, what=f"{sorted(kinds)} sent to {address}")


def _phone(browser, language: str):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="ko-KR" if language == "ko" else "en-US",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _signed_in(page, live_server_url: str, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server_url}]
    )  # fmt: skip
    return page


def _label(kind: str, language: str) -> str:
    with translation.override(language):
        return str(get_reminder_kind(kind).label)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("turned_off", KINDS)
def test_a_reminder_turned_off_on_the_profile_page_is_not_received_and_the_others_are(
    language, turned_off, on_live_server, browser, celery_worker, mailbox
):
    person = _person_with_every_reminder(language)
    user = person["user"]
    page = _signed_in(_phone(browser, language), on_live_server, user)

    page.goto(f"{on_live_server}/me/profile/")
    for kind in optional_reminder_kinds():  # one checkbox per registered kind, in the page's language, all on
        expect(page.get_by_role("checkbox", name=_label(kind.key, language))).to_be_checked()
    page.get_by_role("checkbox", name=_label(turned_off, language)).uncheck()
    page.locator("form.stacked-form button[type=submit]").click()
    with translation.override(language):
        expect(page.locator(".messages")).to_contain_text(translation.gettext("Your profile is saved."))
    page.goto(f"{on_live_server}/me/profile/")
    for kind in KINDS:
        box = expect(page.get_by_role("checkbox", name=_label(kind, language)))
        box.not_to_be_checked() if kind == turned_off else box.to_be_checked()
    page.context.close()

    _beat(person["ticks"])
    others = set(KINDS) - {turned_off}
    _wait_until_sent(user.email, others)
    wait_for(lambda: _received_reminder_kinds(mailbox, user.email) >= others, what="the other reminders received")

    assert _received_reminder_kinds(mailbox, user.email) == others
    assert not OutboundEmail.objects.filter(kind=turned_off).exists()
    assert list(ReminderPreference.objects.filter(user=user).values_list("kind", "wants")) == [(turned_off, False)]


@pytest.mark.browser
def test_a_reminder_ticked_again_on_the_profile_page_comes_again(on_live_server, browser, celery_worker, mailbox):
    person = _person_with_every_reminder("en")
    user = person["user"]
    ReminderPreference.objects.create(user=user, kind=SESSION, wants=False)
    page = _signed_in(_phone(browser, "en"), on_live_server, user)

    page.goto(f"{on_live_server}/me/profile/")
    box = page.get_by_role("checkbox", name=_label(SESSION, "en"))
    expect(box).not_to_be_checked()
    box.check()
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    page.context.close()
    _beat(person["ticks"])
    _wait_until_sent(user.email, set(KINDS))

    assert ReminderPreference.objects.filter(user=user).count() == 0  # the default again: no row
    assert wait_for(lambda: _received_reminder_kinds(mailbox, user.email) == set(KINDS), what="every reminder")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_one_click_unsubscribe_link_of_a_received_reminder_stops_that_kind_only(
    language, on_live_server, celery_worker, mailbox
):
    person = _person_with_every_reminder(language)
    user = person["user"]
    plan_reminders(now=person["ticks"][0])  # the day-before reminder
    plan_reminders(now=person["ticks"][1])  # the session reminder
    _wait_until_sent(user.email, {SESSION, DAY_BEFORE})
    session_row = OutboundEmail.objects.get(kind=SESSION, recipient=user.email)
    message = wait_for(
        lambda: [m for m in mailbox.to(user.email) if f"outbox.{session_row.pk}@" in m["Message-ID"]],
        what="the session reminder received",
    )[0]
    (link,) = re.findall(r"<(https?://[^>]+)>", message["List-Unsubscribe"])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A mail client (or a link scanner) that opens the link changes nothing; the one-click POST does.
    looked_at = requests.get(link, timeout=10)
    clicked = requests.post(
        link,
        data=message["List-Unsubscribe-Post"],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
        allow_redirects=False,
    )

    assert looked_at.status_code == 200
    assert clicked.status_code == 200
    assert wanted_kinds(user) == {
        **{kind.key: True for kind in optional_reminder_kinds()},
        SESSION: False,
    }
    later_talk = ProgrammeSessionFactory(
        event=person["event"], starts_at=person["talk"].starts_at + datetime.timedelta(hours=2)
    )
    add_to_agenda(user=user, session=later_talk)
    mailbox.clear()
    plan_reminders(now=later_talk.starts_at - datetime.timedelta(minutes=5))
    plan_reminders(now=person["ticks"][2])
    _wait_until_sent(user.email, {SESSION, DAY_BEFORE, CONSULTATION})
    assert OutboundEmail.objects.filter(kind=SESSION, recipient=user.email).count() == 1  # the first one only
    assert wait_for(lambda: _received_reminder_kinds(mailbox, user.email) == {CONSULTATION}, what="consultation")


@pytest.mark.parametrize(("language", "word"), [("ko", "유효하지 않은 수신 거부 링크"), ("en", "not valid")])
def test_an_unsubscribe_link_for_a_kind_nobody_may_turn_off_is_refused_in_the_readers_language(client, language, word):
    user = AttendeeProfileFactory().user

    refused = client.post(f"/me/reminders/off/{unsubscribe_token(user=user, kind=UNANSWERED)}/?lang={language}")
    unknown = client.post(f"/me/reminders/off/{unsubscribe_token(user=user, kind='no_such_kind')}/?lang={language}")

    assert (refused.status_code, unknown.status_code) == (400, 400)
    assert word in refused.text
    assert ReminderPreference.objects.count() == 0
