"""A newcomer signs up, verifies their address from the email, and signs in."""

import re

import pytest
from playwright.sync_api import expect

from registration.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")

LABELS = {
    "ko": {
        "switch": None,
        "subject": "[Symposium] 이메일 주소를 확인하세요.",
        "sign_out": "로그아웃",
        "verify_heading": "이메일을 인증하세요",
    },
    "en": {
        "switch": "English",
        "subject": "[Symposium] Please Confirm Your Email Address",
        "sign_out": "Sign out",
        "verify_heading": "Verify Your Email Address",
    },
}


def _submit_main_form(page):
    page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_signup_verify_email_and_sign_in(live_server, phone_page, mailbox, celery_worker, language):
    page, labels = phone_page, LABELS[language]
    address = f"new.{language}@example.org"
    page.goto(f"{live_server.url}/accounts/signup/")
    if labels["switch"]:
        page.get_by_role("link", name=labels["switch"]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)

    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", "a long pass phrase 2022")
    page.fill("input[name=password2]", "a long pass phrase 2022")
    _submit_main_form(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(labels["verify_heading"])
    message = mailbox.wait_for_message_to(address)
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = CONFIRM_LINK.search(body).group(0)
    page.goto(link)
    _submit_main_form(page)
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.fill("input[name=login]", address)
    page.fill("input[name=password]", "a long pass phrase 2022")
    _submit_main_form(page)

    expect(page.get_by_role("link", name=labels["sign_out"])).to_be_visible()
    user = User.objects.get(email=address)
    assert user.emailaddress_set.get().verified is True
    assert user.preferred_language == language
    # The parser keeps the folding space before an encoded Korean subject; clients drop it.
    assert message["Subject"].strip() == labels["subject"]


def test_signin_before_verifying_is_refused_and_resends_nothing_extra(live_server, phone_page, mailbox, celery_worker):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "unverified@example.org")
    page.fill("input[name=password1]", "a long pass phrase 2022")
    page.fill("input[name=password2]", "a long pass phrase 2022")
    _submit_main_form(page)
    mailbox.wait_for_message_to("unverified@example.org")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "unverified@example.org")
    page.fill("input[name=password]", "a long pass phrase 2022")
    _submit_main_form(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("이메일을 인증하세요")
    expect(page.get_by_role("link", name="로그아웃")).to_have_count(0)
