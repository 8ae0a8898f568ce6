"""A team's whole path through the challenge on phones: create, invite by email, join, terms, data, submissions."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from challenge.models import Submission, TeamMember
from challenge.services import create_team
from tests.conftest import wait_for
from tests.factories.challenge import ChallengeFactory, DataFileFactory, PhaseFactory, graduate_school, student
from tests.factories.registration import EventDayFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # the factories' password
INVITATION_LINK = re.compile(r"https?://\S+/challenge/invitations/[\w-]+/")
ANSWER_KEY = "id,answer,usage\n1,1,public\n2,0,public\n3,1,private\n4,0,private\n"


def _second_phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _sign_in_from(page, link_name: str, email: str) -> None:
    page.locator("main").get_by_role("link", name=link_name, exact=True).click()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_a_team_forms_accepts_the_terms_downloads_the_data_and_submits(
    live_server, phone_page, browser, mailbox, celery_and_scoring_worker, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event)
    challenge = ChallengeFactory(event=event, max_team_size=3)
    phase = PhaseFactory(challenge=challenge, is_final=True, metric="auroc", answers=ANSWER_KEY)
    DataFileFactory(challenge=challenge, title_ko="학습 데이터", title_en="Training data")
    school = graduate_school(name_ko="중앙대학교 AI대학원", name_en="Chung-Ang University GSAI")
    captain = student(event=event, school=school, email="captain@cau.example.org", full_name="김주장")
    invitee = student(event=event, school=school, email="minji@cau.example.org", full_name="이민지")
    page = phone_page

    # The captain signs in from the challenge page and creates the team.
    page.goto(f"{live_server.url}/aigs/challenge/")
    _sign_in_from(page, "로그인", captain.email)
    page.wait_for_url(f"{live_server.url}/aigs/challenge/")
    page.get_by_role("link", name="팀 만들기").click()
    page.get_by_label("팀 이름").fill("CVML")
    page.get_by_role("button", name="팀 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CVML")
    expect(page.locator("[data-members]")).to_contain_text("김주장")

    # The captain invites a teammate, who reads the email on another phone.
    page.get_by_label("이메일 주소").fill(invitee.email)
    page.get_by_role("button", name="초대 보내기").click()
    expect(page.locator(".message--success")).to_have_text("minji@cau.example.org 주소로 초대 메일을 보냈습니다.")
    expect(page.locator("[data-invitations]")).to_contain_text(invitee.email)
    invitation = wait_for(
        lambda: [message for message in mailbox.to(invitee.email) if "CVML" in message["Subject"]],
        timeout=20,
        what="the team invitation",
    )[0]
    assert invitation["Subject"].strip() == "[AI 대학원 챌린지] CVML 팀에서 초대합니다"
    link = INVITATION_LINK.search(invitation.get_body(preferencelist=("plain",)).get_content()).group(0)

    context, phone = _second_phone(browser)
    try:
        phone.goto(link)
        expect(phone.locator("[data-invitation-state]")).to_contain_text("CVML 팀에서 초대합니다")
        _sign_in_from(phone, "로그인", invitee.email)
        phone.wait_for_url(link)
        phone.get_by_role("button", name="팀에 합류하기").click()
        expect(phone.locator(".message--success")).to_have_text("“CVML” 팀에 오신 것을 환영합니다.")
        expect(phone.locator("[data-members]")).to_contain_text("이민지")
    finally:
        context.close()
    assert list(TeamMember.objects.order_by("joined_at").values_list("user__email", "role")) == [
        (captain.email, "captain"),
        (invitee.email, "member"),
    ]

    # The captain accepts the data-use terms and downloads the data.
    page.goto(f"{live_server.url}/aigs/challenge/")
    page.get_by_role("link", name="데이터 이용 약관 읽기").click()
    page.get_by_label("데이터 이용 약관을 읽었으며 이에 동의합니다.").check()
    page.get_by_role("button", name="동의하고 계속").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="학습 데이터").click()
    saved = tmp_path / "training.csv"
    download.value.save_as(saved)
    assert saved.read_bytes() == b"id,feature,label\n1,0.5,1\n2,0.1,0\n"
    assert download.value.suggested_filename == "training-data.csv"

    # A bad file is refused with its lines named; a good one joins the list.
    page.locator(".challenge-nav").get_by_role("link", name="제출").click()
    bad = tmp_path / "bad.csv"
    bad.write_text("id,prediction\n1,0.5\n2,high\n")
    page.get_by_label("예측 파일(CSV)").set_input_files(bad)
    page.get_by_role("button", name="제출", exact=True).click()
    errors = page.locator("[data-validation-errors]")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("3")  # the line of the value that is not a number
    assert Submission.objects.count() == 0

    good = tmp_path / "good.csv"
    good.write_text("id,prediction\n1,0.9\n2,0.1\n3,0.8\n4,0.3\n")
    page.get_by_label("예측 파일(CSV)").set_input_files(good)
    page.get_by_label("메모(선택)").fill("첫 제출")
    page.get_by_role("button", name="제출", exact=True).click()
    expect(page.locator(".message--success")).to_have_text("파일을 받았습니다. 채점을 기다리고 있습니다.")
    row = page.locator("[data-submission]").first
    expect(row).to_contain_text("good.csv")
    expect(row).to_contain_text("첫 제출")
    submission = Submission.objects.get()
    assert (submission.team.name, submission.phase_id, submission.submitted_by_id) == ("CVML", phase.pk, captain.pk)
    # The scoring worker scores it; the page, refreshing itself, shows the public score (both public rows right: 1).
    expect(row.locator("[data-status]")).to_have_text("채점 완료", timeout=30_000)
    expect(row.locator("[data-score]")).to_have_text("1.00000")


def test_the_submission_list_refreshes_by_itself_while_a_file_is_scored(live_server, phone_page):
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event)
    phase = PhaseFactory(challenge=ChallengeFactory(event=event))
    captain = student(event=event, school=graduate_school())
    team = create_team(challenge=phase.challenge, user=captain, name="CVML")
    submission = Submission(
        team=team, phase=phase, submitted_by=captain, original_name="first.csv", submitted_on=timezone.localdate()
    )
    submission.file.save("first.csv", ContentFile(b"id,prediction\n1,0.5\n"), save=False)
    submission.save()
    client = Client()
    client.force_login(captain)
    page = phone_page
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{live_server.url}/aigs/challenge/team/submissions/")
    row = page.locator(f'[data-submission="{submission.pk}"]')
    expect(row.locator("[data-status]")).to_have_text("대기")

    Submission.objects.filter(pk=submission.pk).update(status="scoring")
    expect(row.locator("[data-status]")).to_have_text("채점 중")
    Submission.objects.filter(pk=submission.pk).update(status="scored", public_score=0.8123456)

    expect(row.locator("[data-status]")).to_have_text("채점 완료")
    expect(row.locator("[data-score]")).to_have_text("0.81235")
    expect(row).to_have_class(re.compile(r"submission--scored"))
    assert refused == []
