"""The programme page kept for everyone and filled per person: in Chromium, each person sees their own
agenda, and the agenda forms of the kept page post with a valid CSRF token, without JavaScript and with it."""

import pytest
from playwright.sync_api import expect

from sessions.models import AgendaItem
from sessions.services import add_to_agenda
from tests.conftest import wait_for
from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, at
from tests.factories.registration import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in_page(browser, live_server, user, *, javascript: bool):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return context, page


def _button(page, session):
    return page.locator(f"#agenda-{session.pk} button")


def test_each_person_posts_their_own_agenda_from_the_kept_page(live_server, browser):
    event = EventFactory(slug="aigs")
    room = RoomFactory(event=event)
    first, second = (
        ProgrammeSessionFactory(
            event=event, room=room, starts_at=at(event, 0, f"1{n}:00"), ends_at=at(event, 0, f"1{n}:30")
        )
        for n in (0, 1)
    )
    ada, ben = UserFactory(), UserFactory()
    add_to_agenda(user=ben, session=second)

    # Ben's visit renders the page that is then kept; Ada's is filled from it.
    ben_context, ben_page = _signed_in_page(browser, live_server, ben, javascript=False)
    ben_page.goto(f"{live_server.url}/aigs/programme/")
    expect(_button(ben_page, second)).to_have_attribute("aria-pressed", "true")
    expect(_button(ben_page, first)).to_have_attribute("aria-pressed", "false")

    ada_context, ada_page = _signed_in_page(browser, live_server, ada, javascript=False)
    ada_page.goto(f"{live_server.url}/aigs/programme/")
    expect(_button(ada_page, first)).to_have_attribute("aria-pressed", "false")
    expect(_button(ada_page, second)).to_have_attribute("aria-pressed", "false")

    # Without JavaScript the form posts and the page comes back at the button, saying so.
    _button(ada_page, first).click()
    expect(_button(ada_page, first)).to_have_attribute("aria-pressed", "true")
    expect(ada_page.locator(f"#agenda-{first.pk} [data-agenda-status]")).to_have_text("일정에 추가했습니다.")
    assert ada_page.url.endswith(f"/aigs/programme/#agenda-{first.pk}")
    assert set(AgendaItem.objects.filter(user=ada).values_list("session_id", flat=True)) == {first.pk}
    ada_context.close()

    # With JavaScript the same form is sent by fetch, with the token the kept page was filled with.
    ben_context.close()
    ben_context, ben_page = _signed_in_page(browser, live_server, ben, javascript=True)
    ben_page.goto(f"{live_server.url}/aigs/programme/")
    _button(ben_page, second).click()
    expect(_button(ben_page, second)).to_have_attribute("aria-pressed", "false")
    wait_for(lambda: not AgendaItem.objects.filter(user=ben).exists(), what="Ben's session removed")
    ben_page.reload()
    expect(_button(ben_page, second)).to_have_attribute("aria-pressed", "false")
    ben_context.close()
