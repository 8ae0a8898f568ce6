"""The app seen only from outside: pages in Chromium, HTTP answers and the emails people receive.

Set-up may use factories and services; the assertions read nothing but pages, responses
and the messages that reached the SMTP server, so they hold whatever the code inside does.
Links are taken from the text/plain part as a mail client would: up to the next whitespace.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from booths.services import book_consultation
from registration.services import register_attendee
from sessions.services import reserve_seat
from tests.conftest import wait_for
from tests.e2e.conftest import sign_in_to_admin
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase 2022"
FACTORY_PASSWORD = "correct horse battery"
LINK = re.compile(r"https?://\S+")


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path_part: str) -> str:
    """The first link in the plain text that a mail client would make clickable, with path_part in it."""
    links = [link for link in LINK.findall(text_of(message)) if path_part in link]
    assert links, f"no link with {path_part} in:\n{text_of(message)}"
    return links[0]


def subject_of(message) -> str:
    return str(message["Subject"]).strip()


def wait_for_subject(mailbox, address: str, subject: str):
    return wait_for(
        lambda: [message for message in mailbox.to(address) if subject_of(message) == subject],
        timeout=20,
        what=f"“{subject}” to {address}",
    )[-1]


def submit_main_form(page) -> None:
    page.locator("main form button[type=submit]").first.click()


def sign_in(page, base: str, email: str, password: str = FACTORY_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit_main_form(page)
    expect(page.get_by_role("link", name="로그아웃")).to_be_visible()


@pytest.fixture
def second_phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def full_day_event(slug: str):
    """An event whose only day has one seat, already taken by someone who signs in with FACTORY_PASSWORD."""

    event = EventFactory(slug=slug, name_ko="2022 인공지능대학원 심포지엄")
    EventDayFactory(event=event, date=event.start_date, capacity=1)
    OrganizationFactory(name_ko="중앙대학교", name_en="Chung-Ang University", is_ai_graduate_school=True)
    seated = attendee()
    register_attendee(event=event, user=seated, dates=[event.start_date])
    return event, seated


def register_on_the_form(page, base: str, slug: str) -> None:
    page.goto(f"{base}/{slug}/register/")
    page.get_by_label("명찰에 표시할 이름").fill("김지현 (Jihyun Kim)")
    page.get_by_label("소속 기관").fill("중앙대학교")
    page.get_by_label("참가 유형").select_option("industry")
    page.locator("input[name=days-dates]").first.check()
    page.get_by_label("행사 운영을 위한 개인정보 수집·이용에 동의합니다 (필수).").check()
    submit_main_form(page)
    expect(page).to_have_url(f"{base}/{slug}/me/")


def cancel_on_the_site(page, base: str, slug: str) -> None:
    page.goto(f"{base}/{slug}/me/")
    page.get_by_role("link", name="등록 취소").click()
    page.get_by_role("button", name="네, 등록을 취소합니다").click()
    expect(page.get_by_text("등록이 취소되었습니다.")).to_be_visible()


def expect_waitlisted_then_promoted(page, other_page, mailbox, base: str, slug: str, address: str, seated) -> None:
    day_status = page.locator(".day-status")
    expect(day_status).to_contain_text("대기")
    expect(day_status).to_contain_text("대기자 명단 1번")
    expect(page.get_by_role("img", name="내 명찰 QR 코드")).to_have_count(0)

    sign_in(other_page, base, seated.email)
    cancel_on_the_site(other_page, base, slug)

    promotion = wait_for_subject(mailbox, address, "[2022 인공지능대학원 심포지엄] 참가가 확정되었습니다")
    assert LINK.findall(text_of(promotion)) == [f"{base}/{slug}/me/", f"{base}/"]  # the badge, then the footer
    page.goto(f"{base}/{slug}/me/")
    expect(page.locator(".day-status")).to_contain_text("확정")
    expect(page.get_by_role("img", name="내 명찰 QR 코드")).to_be_visible()


def test_newcomer_signs_up_verifies_from_the_email_is_waitlisted_and_promoted(
    live_server, phone_page, second_phone, mailbox, celery_worker, settings
):
    settings.SITE_URL = base = live_server.url
    page, address = phone_page, "newcomer@example.org"
    event, seated = full_day_event("aigs")

    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit_main_form(page)
    verification = mailbox.wait_for_message_to(address)
    assert "Hello from !" not in text_of(verification)
    page.goto(link_in(verification, "/accounts/confirm-email/"))
    submit_main_form(page)
    expect(page.get_by_role("link", name="로그아웃")).to_be_visible()  # confirming the address signs in

    register_on_the_form(page, base, event.slug)
    expect_waitlisted_then_promoted(page, second_phone, mailbox, base, event.slug, address, seated)


def test_a_waitlisted_attendee_is_promoted_when_someone_cancels_and_is_told_by_email(
    live_server, phone_page, second_phone, mailbox, celery_worker, settings
):
    settings.SITE_URL = base = live_server.url
    page = phone_page
    event, seated = full_day_event("aigs")
    newcomer = UserFactory(email="waiting@example.org")
    sign_in(page, base, newcomer.email)

    register_on_the_form(page, base, event.slug)
    expect_waitlisted_then_promoted(page, second_phone, mailbox, base, event.slug, newcomer.email, seated)


def test_organiser_sends_townhall_invitations_and_a_guest_answers_from_the_email(
    live_server, desktop_page, organiser, phone_page, mailbox, celery_worker, settings
):
    settings.SITE_URL = live_server.url
    base, admin_page = live_server.url, desktop_page
    townhall = TownhallFactory(capacity=10)
    GuestFactory(townhall=townhall, status="not_sent", name="배경훈", email="bae@example.org")
    GuestFactory(townhall=townhall, status="not_sent", name="전성배", email="jeon@example.org")
    sign_in_to_admin(admin_page, base, organiser.email, FACTORY_PASSWORD)

    admin_page.goto(f"{base}/admin/townhall/guest/")
    admin_page.locator("#action-toggle").check()  # every guest on the list
    admin_page.locator("select[name=action]").select_option("send_invitations")
    admin_page.locator("#changelist-form button[name=index]").click()

    expect(admin_page.locator("ul.messagelist li")).to_have_text(
        "초대장 2건을 발송 대기열에 넣었습니다. 진행 상황은 목록에 표시됩니다."
    )
    invitation = mailbox.wait_for_message_to("bae@example.org")
    mailbox.wait_for_message_to("jeon@example.org")
    page = phone_page
    page.goto(link_in(invitation, "/townhall/rsvp/"))
    expect(page.get_by_text("배경훈 님께,")).to_be_visible()
    page.get_by_label("네, 참석합니다").check()
    page.get_by_role("button", name="답변 보내기").click()

    expect(page.locator("[data-rsvp-status]")).to_contain_text("참석")
    wait_for(lambda: len(mailbox.to("bae@example.org")) == 2, what="the acceptance email")
    acceptance = mailbox.to("bae@example.org")[-1]
    assert [part.get_filename() for part in acceptance.iter_attachments()] == ["townhall.ics"]
    guest_rows = admin_page.locator("#result_list tbody tr")

    def invitation_progress_of(name: str) -> str:
        admin_page.reload()
        return guest_rows.filter(has_text=name).locator("td.field-invitation_progress").text_content()

    wait_for(lambda: invitation_progress_of("전성배") == "발송됨", what="the list to show the invitation as sent")
    expect(guest_rows.filter(has_text="배경훈").locator("td.field-status_label")).to_have_text("참석")
    expect(guest_rows.filter(has_text="전성배").locator("td.field-status_label")).to_have_text("초대함")


def test_booth_staff_scan_a_badge_on_a_phone_and_the_visit_shows_in_their_leads(live_server, phone_page):

    base, page = live_server.url, phone_page
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    booth = BoothFactory(event=event, number="L01", name_ko="LG 통합 부스")
    staff = BoothStaffFactory(booth=booth)
    visitor = attendee(share_with_booths=True, full_name="방문자 김하늘")
    badge_code = register_attendee(event=event, user=visitor, dates=[event.start_date]).badge_code
    sign_in(page, base, staff.user.email)

    page.goto(f"{base}/aigs/booths/")
    page.locator("#my-booths + ul").get_by_role("link", name="스캐너").click()
    code_field = page.get_by_label("명찰 코드")
    code_field.fill(badge_code)
    code_field.press("Enter")
    expect(page.locator("[data-scan-title]")).to_have_text("새 방문자")

    page.goto(f"{base}/aigs/booths/")
    page.locator("#my-booths + ul").get_by_role("link", name="방문 및 리드").click()
    expect(page.locator("table.lead-table tbody tr")).to_have_count(1)
    expect(page.locator("table.lead-table tbody tr").first).to_contain_text("방문자 김하늘")


def _delete_an_account_others_wait_behind(base, page, mailbox):
    """Someone holding the day's last seat, a session's only seat and a booth's only slot deletes their account."""

    event = EventFactory(slug="aigs", name_ko="2022 인공지능대학원 심포지엄")
    EventDayFactory(event=event, date=event.start_date, capacity=1)
    leaving, waiting = attendee(), attendee()
    for person in (leaving, waiting):
        register_attendee(event=event, user=person, dates=[event.start_date])
    session = ProgrammeSessionFactory(event=event, title_ko="좌석 한 개 발표", seat_limit=1)
    slot = ConsultationSlotFactory(booth=BoothFactory(event=event, name_ko="상담 부스"), seats=1)
    reserve_seat(user=leaving, session=session)
    book_consultation(user=leaving, slot=slot, agrees_to_share_name=True)
    session_url = f"{base}/aigs/programme/sessions/{session.pk}/"
    sign_in(page, base, leaving.email)
    page.goto(session_url)
    expect(page.get_by_text("1석 중 1석 예약됨.")).to_be_visible()

    page.goto(f"{base}/me/delete/")
    page.get_by_label("이해했습니다. 계정을 삭제합니다").check()
    page.get_by_role("button", name="계정 삭제").click()
    expect(page.get_by_text("계정과 개인정보를 삭제했습니다.")).to_be_visible()
    return waiting, session_url


def test_a_deleted_account_gives_its_day_to_the_first_person_waiting(
    live_server, phone_page, second_phone, mailbox, celery_worker, settings
):
    settings.SITE_URL = base = live_server.url
    waiting, _session_url = _delete_an_account_others_wait_behind(base, phone_page, mailbox)

    promotion = wait_for_subject(mailbox, waiting.email, "[2022 인공지능대학원 심포지엄] 참가가 확정되었습니다")
    assert LINK.findall(text_of(promotion)) == [f"{base}/aigs/me/", f"{base}/"]  # the badge, then the footer
    sign_in(second_phone, base, waiting.email)
    second_phone.goto(f"{base}/aigs/me/")
    expect(second_phone.locator(".day-status")).to_contain_text("확정")
    expect(second_phone.get_by_role("img", name="내 명찰 QR 코드")).to_be_visible()


def test_a_deleted_account_frees_its_session_seat_and_consultation_slot(
    live_server, phone_page, second_phone, mailbox, celery_worker, settings
):
    settings.SITE_URL = base = live_server.url
    waiting, session_url = _delete_an_account_others_wait_behind(base, phone_page, mailbox)

    other = second_phone
    sign_in(other, base, waiting.email)
    other.goto(session_url)
    expect(other.get_by_text("1석 중 0석 예약됨.")).to_be_visible()
    other.goto(f"{base}/aigs/booths/")
    other.get_by_role("link", name="부스 보고 예약하기 상담 부스").click()
    slot_item = other.locator(".slot-chips li")
    expect(slot_item).to_have_count(1)
    expect(slot_item.locator("button.chip--open")).to_be_visible()
    expect(slot_item.locator(".chip--taken")).to_have_count(0)
