"""A newcomer signs up, follows the link of the email as received, and is signed in; a forgotten password too."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK_IN_TEXT = re.compile(r"https?://\S+")  # what a mail client turns into a link: up to the next whitespace
PASSWORD = "a long pass phrase 2022"

LABELS = {
    "ko": {
        "switch": None,
        "subject": "[Symposium] 가입을 마치려면 이메일 주소를 확인해 주세요",
        "greeting": "안녕하세요, 2022 인공지능대학원 심포지엄 사이트 Symposium입니다.",
        "sign_out": "로그아웃",
        "verify_heading": "이메일을 인증하세요",
    },
    "en": {
        "switch": "English",
        "subject": "[Symposium] Confirm your email address to finish signing up",
        "greeting": "Hello from Symposium, the site of AI Graduate School Symposium 2022.",
        "sign_out": "Sign out",
        "verify_heading": "Verify Your Email Address",
    },
}


def _submit_main_form(page):
    page.locator("main form button[type=submit]").first.click()


def _links_as_a_mail_client_sees_them(message) -> list[str]:
    return LINK_IN_TEXT.findall(message.get_body(preferencelist=("plain",)).get_content())


def _expect_signed_in_on_a_page_that_works(page, sign_out: str):
    expect(page.get_by_role("link", name=sign_out)).to_be_visible()
    assert page.request.get(page.url).status == 200


@pytest.fixture
def event():
    event = EventFactory(
        slug="aigs", name_ko="2022 인공지능대학원 심포지엄", name_en="AI Graduate School Symposium 2022"
    )
    EventDayFactory(event=event)
    return event


@pytest.mark.parametrize("language", ["ko", "en"])
def test_signup_verify_email_and_be_signed_in(live_server, phone_page, mailbox, celery_worker, event, language):
    page, labels = phone_page, LABELS[language]
    address = f"new.{language}@example.org"
    page.goto(f"{live_server.url}/accounts/signup/?next=/aigs/")
    if labels["switch"]:
        page.get_by_role("link", name=labels["switch"]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)

    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    _submit_main_form(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(labels["verify_heading"])
    message = mailbox.wait_for_message_to(address)
    [link] = [link for link in _links_as_a_mail_client_sees_them(message) if "/confirm-email/" in link]
    page.goto(link)
    _submit_main_form(page)

    expect(page).to_have_url(f"{live_server.url}/aigs/")
    _expect_signed_in_on_a_page_that_works(page, labels["sign_out"])
    user = User.objects.get(email=address)
    assert user.emailaddress_set.get().verified is True
    assert user.preferred_language == language
    # The parser keeps the folding space before an encoded Korean subject; clients drop it.
    assert message["Subject"].strip() == labels["subject"]
    assert message.get_body(preferencelist=("plain",)).get_content().splitlines()[0] == labels["greeting"]


def test_confirming_in_another_browser_verifies_and_asks_to_sign_in(
    live_server, browser, phone_page, mailbox, celery_worker, event
):
    phone_page.goto(f"{live_server.url}/accounts/signup/")
    phone_page.fill("input[name=email]", "elsewhere@example.org")
    phone_page.fill("input[name=password1]", PASSWORD)
    phone_page.fill("input[name=password2]", PASSWORD)
    _submit_main_form(phone_page)
    message = mailbox.wait_for_message_to("elsewhere@example.org")
    [link] = [link for link in _links_as_a_mail_client_sees_them(message) if "/confirm-email/" in link]

    # allauth signs in on confirmation only in the browser that signed up; another one confirms the address.
    desktop = browser.new_context()
    try:
        page = desktop.new_page()
        page.goto(link)
        _submit_main_form(page)
        expect(page).to_have_url(re.compile(r"/accounts/login/$"))
        page.fill("input[name=login]", "elsewhere@example.org")
        page.fill("input[name=password]", PASSWORD)
        _submit_main_form(page)
        _expect_signed_in_on_a_page_that_works(page, "로그아웃")
    finally:
        desktop.close()
    assert User.objects.get(email="elsewhere@example.org").emailaddress_set.get().verified is True


def test_forgotten_password_in_english_sets_a_new_one_and_signs_in(
    live_server, phone_page, mailbox, celery_worker, event
):
    page = phone_page
    user = UserFactory(email="forgetful@example.org", preferred_language="en")
    page.goto(f"{live_server.url}/accounts/password/reset/")
    page.get_by_role("link", name="English").click()
    page.fill("input[name=email]", user.email)
    _submit_main_form(page)

    message = mailbox.wait_for_message_to(user.email)
    [link] = [link for link in _links_as_a_mail_client_sees_them(message) if "/password/reset/key/" in link]
    page.goto(link)
    page.fill("input[name=password1]", "another long pass phrase")
    page.fill("input[name=password2]", "another long pass phrase")
    _submit_main_form(page)

    _expect_signed_in_on_a_page_that_works(page, "Sign out")
    assert message["Subject"].strip() == "[Symposium] Set a new password"
    user.refresh_from_db()
    assert user.check_password("another long pass phrase")


def test_signin_before_verifying_is_refused_and_resends_nothing_extra(live_server, phone_page, mailbox, celery_worker):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "unverified@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    _submit_main_form(page)
    mailbox.wait_for_message_to("unverified@example.org")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "unverified@example.org")
    page.fill("input[name=password]", PASSWORD)
    _submit_main_form(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("이메일을 인증하세요")
    expect(page.get_by_role("link", name="로그아웃")).to_have_count(0)
