"""A guest answers the invitation from the email link; declining gives the seat to the next guest."""

import re

import pytest
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

    page.get_by_label("아니요, 참석하지 못합니다").check()
    page.get_by_role("button", name="답변 보내기").click()

    expect(page.locator("[data-rsvp-status]")).to_contain_text("불참")
    assert Guest.objects.get(pk=waiting.pk).status == "accepted"
    promotion = mailbox.wait_for_message_to("waiting@example.org")
    assert promotion["Subject"].strip().endswith("자리가 나서 타운홀 참석이 확정되었습니다")
