"""A guest answers the invitation from the email link; declining gives the seat to the next guest."""

import re

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Guest
from townhall.services import answer_rsvp, send_invitations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RSVP_LINK = re.compile(r"https?://\S+/townhall/rsvp/\S+/")


def test_guest_accepts_then_declines_and_the_waitlisted_guest_is_promoted(
    live_server, phone_page, mailbox, celery_worker, settings
):
    settings.SITE_URL = live_server.url
    townhall = TownhallFactory(capacity=1)
    guest = GuestFactory(townhall=townhall, status="not_sent", name="배경훈", email="bae@example.org")
    waiting = GuestFactory(townhall=townhall, status="sent", email="waiting@example.org")
    send_invitations(guests=Guest.objects.filter(pk=guest.pk))
    body = mailbox.wait_for_message_to("bae@example.org").get_body(preferencelist=("plain",)).get_content()
    page = phone_page

    page.goto(RSVP_LINK.search(body).group(0))
    expect(page.get_by_text("배경훈 님께,")).to_be_visible()
    page.get_by_label("네, 참석합니다").check()
    page.get_by_label("식단 요청").fill("채식")
    page.get_by_role("button", name="답변 보내기").click()
    expect(page.locator("[data-rsvp-status]")).to_contain_text("참석")
    expect(page.get_by_role("img", name="타운홀 입장 QR 코드")).to_be_visible()
    answer_rsvp(guest=waiting, attending=True)  # the room is full: this guest waits
    assert Guest.objects.get(pk=waiting.pk).status == "waitlisted"

    expect(page.get_by_label("아니요, 참석하지 못합니다")).to_be_hidden()  # answered: the form waits behind a button
    page.get_by_text("답변 바꾸기").click()
    page.get_by_label("아니요, 참석하지 못합니다").check()
    page.get_by_role("button", name="답변 보내기").click()

    expect(page.locator("[data-rsvp-status]")).to_contain_text("불참")
    assert Guest.objects.get(pk=waiting.pk).status == "accepted"
    promotion = mailbox.wait_for_message_to("waiting@example.org")
    assert promotion["Subject"].strip().endswith("자리가 나서 타운홀 참석이 확정되었습니다")


WHERE_THEY_STAND = {
    "ko": {
        "sent": "초대되셨습니다. 아직 답변을 받지 못했습니다",
        "accepted": "참석이 확정되었습니다",
        "waitlisted": "대기자 명단 2번입니다",
        "declined": "초대에 불참으로 답하셨습니다",
    },
    "en": {
        "sent": "You are invited: we have no answer from you yet",
        "accepted": "You have a seat",
        "waitlisted": "You are number 2 on the waitlist",
        "declined": "You declined the invitation",
    },
}
EXPLAINED = {
    "ko": {"waitlisted": "자리가 나면 대기 순서대로 배정하고 이메일로 알려 드립니다",
           "declined": "답변 기한까지 답변을 바꿀 수 있습니다"},
    "en": {"waitlisted": "When a seat frees up, it goes to the next guest on the waitlist, and we tell you by email",
           "declined": "you can change your answer until the deadline"},
}  # fmt: skip


def _guests_in_every_state(language: str) -> dict[str, Guest]:
    townhall = TownhallFactory(capacity=1, venue_ko="코엑스 아셈볼룸", venue_en="COEX ASEM Ballroom")
    guests = {"accepted": GuestFactory(townhall=townhall, language=language)}
    answer_rsvp(guest=guests["accepted"], attending=True)
    answer_rsvp(guest=GuestFactory(townhall=townhall), attending=True)  # first on the waitlist
    guests["waitlisted"] = answer_rsvp(guest=GuestFactory(townhall=townhall, language=language), attending=True)
    guests["declined"] = answer_rsvp(guest=GuestFactory(townhall=townhall, language=language), attending=False)
    guests["sent"] = GuestFactory(townhall=townhall, language=language, status="sent")
    return guests


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_page_says_in_the_guests_language_where_they_stand_and_asks_only_the_unanswered(
    live_server, phone_page, language
):
    guests = _guests_in_every_state(language)
    townhall = guests["sent"].townhall
    page = phone_page
    starts = timezone.localtime(townhall.starts_at, townhall.event.zone)
    ends = timezone.localtime(townhall.ends_at, townhall.event.zone)
    with translation.override(language):
        hours = f"{formats.time_format(starts)}–{formats.time_format(ends)}"
        when = [formats.date_format(starts, "MONTH_DAY_FORMAT"), hours]
    venue = {"ko": "코엑스 아셈볼룸", "en": "COEX ASEM Ballroom"}[language]

    seen, asked, explained = {}, {}, {}
    for state, guest in guests.items():
        page.goto(f"{live_server.url}/townhall/rsvp/{guest.rsvp_token}/")
        status = page.locator("[data-rsvp-status]")
        seen[state] = (page.locator("html").get_attribute("lang"), status.locator("h2").inner_text())
        asked[state] = page.locator("input[name=answer]").first.is_visible()
        explained[state] = status.inner_text()
        sign_in_links = page.locator("a[href*='/accounts/login/'], a[href*='/accounts/signup/']")
        assert sign_in_links.count() == 0, f"{state}: a guest is shown sign-in links"

    assert seen == {state: (language, words) for state, words in WHERE_THEY_STAND[language].items()}
    assert asked == {"accepted": False, "waitlisted": False, "declined": False, "sent": True}
    assert [part in explained["accepted"] for part in [*when, venue]] == [True, True, True]
    assert EXPLAINED[language]["waitlisted"] in explained["waitlisted"]
    assert EXPLAINED[language]["declined"] in explained["declined"]


def test_a_guest_changes_a_saved_answer_only_after_choosing_to(live_server, phone_page):
    townhall = TownhallFactory(capacity=5)
    guest = answer_rsvp(guest=GuestFactory(townhall=townhall, language="en"), attending=True)
    page = phone_page
    page.goto(f"{live_server.url}/townhall/rsvp/{guest.rsvp_token}/")
    expect(page.get_by_label("No, I cannot attend")).to_be_hidden()

    page.get_by_text("Change my answer").click()
    page.get_by_label("No, I cannot attend").check()
    page.get_by_role("button", name="Send my answer").click()

    expect(page.locator("[data-rsvp-status] h2")).to_have_text("You declined the invitation")
    expect(page.get_by_text("Thank you: your answer is saved.")).to_be_visible()
    expect(page.get_by_label("No, I cannot attend")).to_be_hidden()
    assert Guest.objects.get(pk=guest.pk).status == "declined"


def test_an_english_guest_gets_an_english_page_unless_they_switch_on_it(
    live_server, phone_page, mailbox, celery_worker, settings
):
    settings.SITE_URL = live_server.url
    guest = GuestFactory(status="not_sent", name="Jane Doe", email="jane@example.org", language="en")
    send_invitations(guests=Guest.objects.filter(pk=guest.pk))
    body = mailbox.wait_for_message_to("jane@example.org").get_body(preferencelist=("plain",)).get_content()
    page = phone_page
    # Someone opened the site in Korean on this phone before: the invitation is still the guest's own language.
    page.context.add_cookies([{"name": "symposium_language", "value": "ko", "url": live_server.url}])

    page.goto(RSVP_LINK.search(body).group(0))
    expect(page.get_by_text("Dear Jane Doe,")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"

    page.locator(".language-switcher").get_by_text("한국어").click()
    expect(page.get_by_text("Jane Doe 님께,")).to_be_visible()
    page.get_by_label("네, 참석합니다").check()
    page.get_by_role("button", name="답변 보내기").click()

    expect(page.locator("[data-rsvp-status] h2")).to_have_text("참석이 확정되었습니다")
    assert page.locator("html").get_attribute("lang") == "ko"
