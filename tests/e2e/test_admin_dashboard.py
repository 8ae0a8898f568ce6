"""The organisers' back office in Chromium: the per-event dashboard on the admin index, lists that fit
a laptop screen, and statuses shown as coloured labels, in Korean and English."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from booths.services import record_visit
from events.models import Event, EventDay
from mail.models import OutboundEmail
from registration.services import check_in_at_entrance, register_attendee
from tests.factories.booths import BoothFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Townhall

from .conftest import ORGANISER_EMAIL, ORGANISER_PASSWORD, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["ko", "en"]


def say(language: str, text: str, **values) -> str:
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def of(language: str, value: int, total: int) -> str:
    return say(language, "%(value)s of %(total)s", value=value, total=total)


@pytest.fixture
def event_under_way(organiser):
    """An event whose first day is today: 2 of 2 seats taken and 1 waiting on day one, 1 of them checked in;
    two booths, one visited twice today; a townhall of 5 seats; and an outbox with sent and failed mail."""
    event = EventFactory(slug="under-way", name_ko="진행 중 행사", name_en="Event under way")
    first = EventDayFactory(event=event, date=event.start_date, capacity=2)
    EventDayFactory(event=event, date=event.end_date, capacity=3)
    seated = [register_attendee(event=event, user=attendee(), dates=[first.date]) for _ in range(2)]
    register_attendee(event=event, user=attendee(), dates=[first.date])  # waitlisted
    # The event started today (registration closed once it began).
    today = timezone.localdate(timezone=event.zone)
    Event.objects.filter(pk=event.pk).update(start_date=today, end_date=today + datetime.timedelta(days=1))
    EventDay.objects.filter(pk=first.pk).update(date=today)
    EventDay.objects.filter(event=event).exclude(pk=first.pk).update(date=today + datetime.timedelta(days=1))
    event.refresh_from_db()
    now = timezone.now()
    check_in_at_entrance(event=event, badge_code=seated[0].badge_code, nonce="door-1", scanned_at=now)
    busy, quiet = BoothFactory(event=event, number="A01"), BoothFactory(event=event, number="B02")
    for n, registration in enumerate(seated):
        record_visit(booth=busy, badge_code=registration.badge_code, nonce=f"visit-{n}", scanned_at=now)
    townhall = TownhallFactory(event=event, capacity=5)
    for status in ["accepted", "accepted", "waitlisted", "declined", "sent"]:
        GuestFactory(townhall=townhall, status=status)
    Townhall.objects.filter(pk=townhall.pk).update(accepted_count=2)
    OutboundEmail.objects.all().delete()
    for n, status in enumerate(["sent", "sent", "sent", "failed", "queued"]):
        OutboundEmail.objects.create(
            kind="test", recipient=f"r{n}@example.org", object_key=f"x:{n}", subject="메일", text_body="본문",
            status=status, last_error="550 mailbox unavailable" if status == "failed" else "",
        )  # fmt: skip
    return {"event": event, "today": today, "busy": busy, "quiet": quiet}


def signed_in(browser, live_server, language: str, width: int = 1366, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_cookies([{"name": "symposium_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_to_admin(page, live_server.url, ORGANISER_EMAIL, ORGANISER_PASSWORD)
    return context, page


def meter(page, card: str, key: str):
    return page.locator(f"[data-card='{card}'] [data-meter='{key}']")


def expect_meter(page, card: str, key: str, label: str, figure: str, *, percent: int | None = None) -> None:
    """A figure always comes with its label; with a limit it also draws a bar that far."""
    expect(meter(page, card, key).locator(".meter__label")).to_have_text(label)
    expect(meter(page, card, key).locator(".meter__figure")).to_have_text(figure)
    bar = meter(page, card, key).locator(".meter__fill")
    if percent is None:
        expect(bar).to_have_count(0)
    else:
        expect(bar).to_have_attribute("style", f"width: {percent}%")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def list_fits(page) -> bool:
    """The list's table ends inside the window, and no scrolling box around it hides a column."""
    return page.evaluate(
        """() => {
            const table = document.querySelector('#result_list');
            for (let box = table.parentElement; box; box = box.parentElement) {
                if (getComputedStyle(box).overflowX !== 'visible' && box.scrollWidth > box.clientWidth) return false;
            }
            return table.getBoundingClientRect().right <= innerWidth;
        }"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_shows_the_events_figures_with_labels_and_bars(
    browser, live_server, organiser, event_under_way, language, tmp_path
):
    today = event_under_way["today"]
    context, page = signed_in(browser, live_server, language)

    page.goto(f"{live_server.url}/admin/?event=under-way")

    with translation.override(language):
        day_title = gettext("%(title)s (today)") % {
            "title": gettext("Day %(number)d · %(date)s") % {"number": 1, "date": date_format(today, "DATE_FORMAT")}
        }
        tomorrow = today + datetime.timedelta(days=1)
        second_title = gettext("Day %(number)d · %(date)s") % {
            "number": 2,
            "date": date_format(tomorrow, "DATE_FORMAT"),
        }
        visits_note = ngettext(
            "%(count)d visit today across %(booths)d booths.", "%(count)d visits today across %(booths)d booths.", 2
        ) % {"count": 2, "booths": 2}
    expect(page.locator("#dashboard-title")).to_have_text({"ko": "진행 중 행사", "en": "Event under way"}[language])
    day_one = f"day-{today.isoformat()}"
    expect(page.locator(f"[data-card='{day_one}'] h3")).to_have_text(day_title)
    expect(page.locator(f"[data-card='day-{tomorrow.isoformat()}'] h3")).to_have_text(second_title)
    expect_meter(page, day_one, "confirmed", say(language, "Confirmed seats"), of(language, 2, 2), percent=100)
    expect_meter(page, day_one, "waitlisted", say(language, "Waitlisted"), "1")
    expect_meter(page, day_one, "pending", say(language, "Waiting for approval"), "0")
    expect_meter(
        page, day_one, "checked_in", say(language, "Checked in at the entrance"), of(language, 1, 2), percent=50
    )
    expect_meter(
        page,
        f"day-{tomorrow.isoformat()}",
        "confirmed",
        say(language, "Confirmed seats"),
        of(language, 0, 3),
        percent=0,
    )
    expect(meter(page, day_one, "confirmed").locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "2")
    expect(meter(page, day_one, "confirmed").locator("[role=progressbar]")).to_have_attribute("aria-valuemax", "2")

    expect_meter(page, "registrations", "confirmed", say(language, "Confirmed"), "2")
    expect_meter(page, "registrations", "waitlisted", say(language, "Waitlisted"), "1")
    expect_meter(page, "registrations", "cancelled", say(language, "Cancelled registrations"), "0")

    busy, quiet = event_under_way["busy"], event_under_way["quiet"]
    with translation.override(language):
        busy_label, quiet_label = f"{busy.number} · {busy.name}", f"{quiet.number} · {quiet.name}"
    expect(page.locator("[data-card='booth-traffic'] [data-meter]")).to_have_count(2)
    expect_meter(page, "booth-traffic", "booth-A01", busy_label, "2", percent=100)
    expect_meter(page, "booth-traffic", "booth-B02", quiet_label, "0", percent=0)
    expect(page.locator("[data-card='booth-traffic'] .dashboard-card__note")).to_have_text(visits_note)

    expect_meter(page, "townhall", "accepted", say(language, "Accepted"), of(language, 2, 5), percent=40)
    expect_meter(page, "townhall", "waitlisted", say(language, "Waitlisted"), "1")
    expect_meter(page, "townhall", "declined", say(language, "Declined"), "1")
    expect_meter(page, "townhall", "sent", say(language, "Invited, no answer yet"), "1")

    expect_meter(page, "emails", "sent", say(language, "Sent"), "3")
    expect_meter(page, "emails", "failed", say(language, "Failed"), "1")
    expect_meter(page, "emails", "queued", say(language, "Queued"), "1")

    # No bare figure anywhere: every one has its label next to it.
    labels = page.locator(".meter .meter__label")
    expect(labels).to_have_count(page.locator(".meter .meter__figure").count())
    assert [text for text in labels.all_inner_texts() if not text.strip()] == []
    assert no_horizontal_scroll(page)
    page.screenshot(path=tmp_path / f"dashboard-{language}-desk.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_and_lists_fit_a_phone(browser, live_server, organiser, event_under_way, language, tmp_path):
    context, page = signed_in(browser, live_server, language, width=390, height=844)

    for path in ["/admin/?event=under-way", "/admin/registration/registration/", "/admin/mail/outboundemail/"]:
        page.goto(live_server.url + path)
        expect(page.locator("#content")).to_be_visible()
        assert no_horizontal_scroll(page), path
    page.screenshot(path=tmp_path / f"outbox-{language}-phone.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_and_outbox_lists_fit_1366_with_coloured_status_labels(
    browser, live_server, organiser, event_under_way, language
):
    context, page = signed_in(browser, live_server, language)

    page.goto(f"{live_server.url}/admin/registration/registration/")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    assert no_horizontal_scroll(page)
    assert list_fits(page)
    confirmed = page.locator("td.field-day_statuses span", has_text=say(language, "Confirmed")).first
    waitlisted = page.locator("td.field-day_statuses span", has_text=say(language, "Waitlisted")).first
    green, orange = (label.evaluate("e => getComputedStyle(e).backgroundColor") for label in (confirmed, waitlisted))
    assert green != orange
    assert "rgba(0, 0, 0, 0)" not in {green, orange}

    page.goto(f"{live_server.url}/admin/mail/outboundemail/")
    expect(page.locator("#result_list tbody tr")).to_have_count(5)
    assert no_horizontal_scroll(page)
    assert list_fits(page)
    failed = page.locator("#result_list tr", has_text="r3@example.org").locator("td.field-status_label span")
    sent = page.locator("#result_list tr", has_text="r0@example.org").locator("td.field-status_label span")
    expect(failed).to_have_text(say(language, "Failed"))
    expect(sent).to_have_text(say(language, "Sent"))
    red, green = (label.evaluate("e => getComputedStyle(e).backgroundColor") for label in (failed, sent))
    assert red != green
    expect(page.locator("#result_list tr", has_text="r3@example.org").locator("td.field-last_error")).to_have_text(
        "550 mailbox unavailable"
    )
    context.close()


def test_sites_and_social_accounts_are_not_listed_for_organisers(organiser_page, live_server):
    page = organiser_page

    page.goto(f"{live_server.url}/admin/")

    expect(page.locator("#content a[href='/admin/sites/site/']")).to_have_count(0)
    expect(page.locator("#content a[href='/admin/socialaccount/socialaccount/']")).to_have_count(0)
    expect(page.locator("#content a[href='/admin/socialaccount/socialapp/']")).to_have_count(1)
    assert page.goto(f"{live_server.url}/admin/sites/site/").status == 200  # still there for whoever needs it


def test_dashboard_is_only_for_those_who_may_read_registrations(client, organiser, event_under_way):
    helper = UserFactory(is_staff=True)  # in the admin for something else, not an organiser
    client.force_login(helper)
    hidden = client.get("/admin/?event=under-way")
    client.force_login(organiser)
    shown = client.get("/admin/?event=under-way")

    assert (hidden.status_code, b"data-card=" in hidden.content) == (200, False)
    assert (shown.status_code, shown.content.count(b'data-card="townhall"')) == (200, 1)
