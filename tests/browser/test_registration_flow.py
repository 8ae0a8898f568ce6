"""An attendee on a phone: sign up, verify, profile and consents, register, badge, cancel."""

import re

import pytest
from playwright.sync_api import expect

from registration.enums import DayStatus
from registration.models import Registration
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")
PASSWORD = "a long pass phrase 2022"


def _submit(page):
    page.locator("main form button[type=submit]").first.click()


def test_attendee_registers_on_a_phone_sees_the_badge_and_cancels(live_server, phone_page, mailbox, celery_worker):
    page = phone_page
    event = EventFactory(slug="aigs", name_ko="2022 인공지능대학원 심포지엄")
    EventDayFactory(event=event, date=event.start_date, capacity=50)
    EventDayFactory(event=event, date=event.end_date, capacity=50)
    OrganizationFactory(name_ko="중앙대학교", name_en="Chung-Ang University", is_ai_graduate_school=True)
    address = "student@example.org"

    page.goto(f"{live_server.url}/aigs/register/")
    page.get_by_role("link", name="계정 만들기").click()
    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    _submit(page)
    body = mailbox.wait_for_message_to(address).get_body(preferencelist=("plain",)).get_content()
    page.goto(CONFIRM_LINK.search(body).group(0))
    _submit(page)  # confirming signs the newcomer in and brings them back to the registration form

    expect(page).to_have_url(f"{live_server.url}/aigs/register/")
    page.get_by_label("명찰에 표시할 이름").fill("김지현 (Jihyun Kim)")
    page.get_by_label("소속 기관").fill("중앙대학교")
    page.get_by_label("참가 유형").select_option("student")
    page.get_by_label("인공지능대학원").select_option(label="중앙대학교")
    page.get_by_label("연구 관심 분야").fill("컴퓨터 비전, 멀티모달")
    page.get_by_label("채용 제안을 받겠습니다").check()
    page.locator("input[name=days-dates]").first.check()
    _submit(page)
    expect(page.get_by_text("행사 등록을 위해서는 이 동의가 필요합니다.", exact=True)).to_be_visible()
    expect(page.get_by_label("명찰에 표시할 이름")).to_have_value("김지현 (Jihyun Kim)")

    page.get_by_label("행사 운영을 위한 개인정보 수집·이용에 동의합니다 (필수).").check()
    page.get_by_label("명찰을 스캔한 부스의 기업에 내 정보를 제공하는 데 동의합니다 (선택).").check()
    _submit(page)

    expect(page).to_have_url(f"{live_server.url}/aigs/me/")
    expect(page.get_by_role("heading", name="내 명찰")).to_be_visible()
    qr = page.get_by_role("img", name="내 명찰 QR 코드")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 300  # scannable from another phone held up to it
    registration = Registration.objects.get(user__email=address)
    expect(page.get_by_text(registration.grouped_badge_code)).to_be_visible()
    assert [entry.status for entry in registration.days.all()] == [DayStatus.CONFIRMED]

    page.get_by_role("link", name="등록 취소").click()
    page.get_by_role("button", name="네, 등록을 취소합니다").click()

    expect(page.get_by_text("등록이 취소되었습니다.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
