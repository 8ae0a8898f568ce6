"""An organiser writes an announcement to a segment another app registered, in the admin, in Chromium.

The booth staff segment is the booths app's (common.segments): the organiser picks it on
the announcement form, previews the message, sees on the confirmation page how many people
it reaches, sends it, and the real SMTP server receives it for each staff member in their
own language, with links that open on the live server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.sites.models import Site
from playwright.sync_api import expect

from announcements.models import Announcement
from mail.models import OutboundEmail
from tests.conftest import wait_for
from tests.e2e.test_admin_in_browser import changelist_url, ko, ko_plural, row_of, success_message
from tests.e2e.test_emails_as_received import LINK_IN_TEXT, browser_for, html_links
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def on_live_server(live_server, settings):
    settings.SITE_URL = live_server.url
    site = Site.objects.get_current()
    site.domain = urlsplit(live_server.url).netloc
    site.save()
    Site.objects.clear_cache()
    return live_server.url


def test_organiser_announces_to_booth_staff_who_get_it_in_their_language(
    organiser_page, on_live_server, celery_worker, mailbox
):
    page = organiser_page
    event = EventFactory(slug="aigs", name_ko="인공지능 심포지엄", name_en="AI Symposium")
    EventDayFactory(event=event)
    korean = BoothStaffFactory(booth=BoothFactory(event=event), user=UserFactory(preferred_language="ko")).user
    english = BoothStaffFactory(booth=BoothFactory(event=event), user=UserFactory(preferred_language="en")).user
    BoothStaffFactory(booth=BoothFactory(event=event), user=english)  # staffs two booths: one message
    BoothStaffFactory(booth=BoothFactory())  # another event's booth
    UserFactory()  # not staff
    for subject in ("지난 안내", "그 전 안내"):  # the list has rows already
        Announcement.objects.create(
            event=event,
            segment="all_confirmed",
            subject_ko=subject,
            subject_en="Earlier",
            body_ko="본문",
            body_en="Body",
        )
    booths_url = f"{on_live_server}/aigs/booths/"

    page.goto(f"{changelist_url(on_live_server, Announcement)}add/")
    page.locator("select[name=event]").select_option(str(event.pk))
    page.locator("select[name=segment]").select_option(label=ko("Everyone staffing a booth"))
    page.locator("input[name=subject_ko]").fill("부스 설치 안내")
    page.locator("input[name=subject_en]").fill("Booth set-up")
    page.locator("textarea[name=body_ko]").fill(f"부스 설치는 7시에 시작합니다. 부스 목록:\n{booths_url}")
    page.locator("textarea[name=body_en]").fill(f"Set-up starts at 7 am. The booths:\n{booths_url}")
    page.locator("input[name=_continue], button[name=_continue]").first.click()

    announcement = wait_for(lambda: Announcement.objects.filter(subject_ko="부스 설치 안내").first())
    preview = page.locator(".field-preview")
    expect(preview).to_contain_text("[인공지능 심포지엄] 부스 설치 안내")
    expect(preview).to_contain_text("[AI Symposium] Booth set-up")
    expect(page.locator(".field-recipient_count .readonly")).to_have_text("2")

    page.goto(changelist_url(on_live_server, Announcement))
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    expect(row_of(page, "부스 설치 안내")).to_contain_text(ko("Everyone staffing a booth"))
    page.locator(f"input.action-select[value='{announcement.pk}']").check()
    page.locator("select[name=action]").select_option("send")
    page.locator("#changelist-form button[name=index]").click()

    row = page.locator(f"tr[data-announcement='{announcement.pk}']")
    expect(row).to_contain_text(ko("Everyone staffing a booth"))
    expect(row.locator("[data-recipient-count]")).to_have_text("2")
    assert OutboundEmail.objects.filter(kind="announcement").count() == 0  # nothing goes before the button
    page.get_by_role(
        "button", name=ko_plural("Send to %(total)s person", "Send to %(total)s people", 2, total=2)
    ).click()
    expect(success_message(page)).to_have_text(
        ko("“%(subject)s”: %(count)d messages queued; progress shows in the list.", subject="부스 설치 안내", count=2)
    )

    expected = {
        korean: ("ko", "[인공지능 심포지엄] 부스 설치 안내", "부스 설치는 7시에 시작합니다."),
        english: ("en", "[AI Symposium] Booth set-up", "Set-up starts at 7 am."),
    }
    for person, (language, subject, sentence) in expected.items():
        message = mailbox.wait_for_message_to(person.email)
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert message["Subject"].strip() == subject
        assert sentence in text
        assert f'<html lang="{language}"' in html
        links = LINK_IN_TEXT.findall(text) + html_links(html)
        assert booths_url in links
        browser = browser_for(on_live_server, person)
        for link in links:
            assert link.startswith(on_live_server), link
            response = browser.get(link, timeout=20)
            assert response.status_code == 200, f"{link} answered {response.status_code}"
            assert f'lang="{language}"' in response.text  # the page opens in the reader's language too
    assert sorted(str(message["To"]) for message in mailbox.messages) == sorted([korean.email, english.email])
