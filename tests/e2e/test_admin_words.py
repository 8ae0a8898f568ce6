"""The Korean admin speaks Korean: list titles, column headers, form labels and the outbox's kinds of email."""

import re

import pytest
from playwright.sync_api import expect

from mail.models import OutboundEmail
from tests.factories.registration import EventFactory
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _headers(page) -> list[str]:
    return [text.strip() for text in page.locator("#result_list thead th").all_inner_texts() if text.strip()]


def test_outbox_list_has_a_korean_title_and_names_each_kind_of_email(organiser_page, live_server):
    OutboundEmail.objects.create(
        kind="townhall_acceptance", recipient="guest@example.org", object_key="k", language="ko",
        subject="[심포지엄] 타운홀 참석이 확정되었습니다", text_body="본문",
    )  # fmt: skip
    page = organiser_page

    page.goto(f"{live_server.url}/admin/mail/outboundemail/")

    # The theme's heading names the app and the model; the list's own title is the page's title.
    expect(page).to_have_title(re.compile(r"^이메일 목록 \| "))
    expect(page.locator("#result_list td.field-kind_label")).to_have_text(["타운홀 참석 확정"])
    expect(page.locator("#changelist-filter")).to_contain_text("타운홀 참석 확정")
    assert "townhall_acceptance" not in page.locator("#content").inner_text()


def test_guest_list_and_announcement_form_label_every_column_and_field_in_korean(organiser_page, live_server):
    townhall = TownhallFactory(event=EventFactory())
    GuestFactory(townhall=townhall, table=TableFactory(townhall=townhall, number=1))
    page = organiser_page

    page.goto(f"{live_server.url}/admin/townhall/guest/")
    headers = _headers(page)
    page.goto(f"{live_server.url}/admin/announcements/announcement/add/")
    # The theme's labels carry no colon; a required field's ends in the theme's red "*".
    labels = [text.strip().removesuffix("*") for text in page.locator("#content-main form label").all_inner_texts()]

    assert "테이블" in headers
    assert [header for header in headers if header.isascii()] == ["VIP"]  # a word Korean uses as it is
    assert labels[0] == "행사"
    assert [label for label in labels if label.isascii()] == []
