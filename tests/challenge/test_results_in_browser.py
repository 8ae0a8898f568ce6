"""The results as people see them in Chromium: the award ceremony's session page lists the winners
once the results are published; a winner joins and leaves the data provider's talent pool, which
only that company's booth staff see."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from challenge.services import publish_results, record_award
from common.session_extras import AWARD_CEREMONY, OPENING
from sessions.enums import SessionKind
from tests.challenge.results_world import make_challenge, make_team, member, scored
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.programme import ProgrammeSessionFactory, at
from tests.factories.registration import AttendeeProfileFactory, EventFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    return page


def _awarded_challenge(**fields):
    """A challenge whose final phase closed, with CVML (Chung-Ang) ahead of a runner-up; not yet published."""
    event = fields.pop("event", None) or EventFactory()
    chung_ang = OrganizationFactory(name_ko="중앙대학교", name_en="Chung-Ang University", is_ai_graduate_school=True)
    challenge = make_challenge(event=event, **fields)
    phase = challenge.phases.get()
    winners = [member(), member()]
    cvml = make_team(challenge, name="CVML", school=chung_ang, members=winners[:1])
    second = make_team(challenge, name="Second Place", members=winners[1:])
    loser = make_team(challenge, name="No Award", members=[member()])
    scored(cvml, phase, public=0.90, private=0.95, final=True)
    scored(second, phase, public=0.92, private=0.90, final=True)
    scored(loser, phase, public=0.50, private=0.40, final=True)
    return challenge, winners


def _award(challenge):
    publish_results(challenge=challenge)
    record_award(challenge=challenge, final_rank=1, name_ko="과학기술정보통신부 장관상", name_en="Minister's award")
    record_award(challenge=challenge, final_rank=2, name_ko="우수상", name_en="Excellence award")


def test_session_kinds_named_in_common_are_the_programmes():
    assert (SessionKind.AWARD_CEREMONY.value, SessionKind.OPENING.value) == (AWARD_CEREMONY, OPENING)


def test_award_ceremony_session_lists_the_winners_only_after_publication(live_server, phone_page):
    challenge, _winners = _awarded_challenge()
    event = challenge.event
    ceremony = ProgrammeSessionFactory(event=event, kind=SessionKind.AWARD_CEREMONY, title_ko="시상식")
    talk = ProgrammeSessionFactory(event=event, kind=SessionKind.KEYNOTE, starts_at=at(event, 0, "13:00"))
    page = phone_page
    page.goto(f"{live_server.url}/{event.slug}/programme/sessions/{ceremony.pk}/")
    expect(page.get_by_role("heading", name="시상식")).to_be_visible()
    before = page.locator("[data-session-extra]").count()

    _award(challenge)
    page.goto(f"{live_server.url}/{event.slug}/programme/sessions/{ceremony.pk}/")
    winners = page.locator("[data-session-extra=challenge-winners] li")
    page.goto(f"{live_server.url}/{event.slug}/programme/sessions/{talk.pk}/")
    on_the_talk = page.locator("[data-session-extra]").count()
    page.goto(f"{live_server.url}/{event.slug}/programme/sessions/{ceremony.pk}/")

    assert before == 0
    expect(page.get_by_role("heading", name="AI 대학원 챌린지 수상 팀")).to_be_visible()
    second_school = challenge.teams.get(name="Second Place").graduate_school.name_ko
    assert winners.all_inner_texts() == [
        "과학기술정보통신부 장관상\nCVML · 중앙대학교",
        f"우수상\nSecond Place · {second_school}",
    ]
    assert on_the_talk == 0


def test_the_session_the_organisers_chose_lists_the_winners_instead_of_the_award_ceremonies(live_server, browser):
    event = EventFactory()
    opening = ProgrammeSessionFactory(event=event, kind=SessionKind.OPENING, title_en="Opening")
    ceremony = ProgrammeSessionFactory(event=event, kind=SessionKind.AWARD_CEREMONY, starts_at=at(event, 0, "16:00"))
    challenge, _winners = _awarded_challenge(event=event, award_session_id=opening.pk)
    _award(challenge)
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900})
    page = context.new_page()

    page.goto(f"{live_server.url}/{event.slug}/programme/sessions/{opening.pk}/")
    listed = page.locator("[data-session-extra=challenge-winners] li strong").all_inner_texts()
    page.goto(f"{live_server.url}/{event.slug}/programme/sessions/{ceremony.pk}/")
    on_the_ceremony = page.locator("[data-session-extra]").count()
    context.close()

    assert listed == ["Minister's award", "Excellence award"]
    assert on_the_ceremony == 0


def _pool_rows(page, live_server, booth) -> list[str]:
    page.goto(f"{live_server.url}/{booth.event.slug}/booths/{booth.pk}/leads/?tab=talent-pool")
    return page.locator("[data-booth-panel=talent-pool] .record dd:first-of-type").all_inner_texts()


def test_a_winner_joins_the_talent_pool_which_only_the_data_providers_booth_sees_until_they_withdraw(
    live_server, browser, phone_page
):
    challenge, (winner, other_winner) = _awarded_challenge()
    AttendeeProfileFactory(user=winner, full_name="김승자")
    AttendeeProfileFactory(user=other_winner, full_name="이수상")
    _award(challenge)
    providers_booth = BoothFactory(event=challenge.event)
    providers_booth.companies.set([challenge.data_provider])
    other_booth = BoothFactory(event=challenge.event)
    other_booth.companies.set([OrganizationFactory(kind="company")])
    staff_context = browser.new_context(viewport={"width": 1366, "height": 900})
    staff = _signed_in(staff_context.new_page(), live_server, BoothStaffFactory(booth=providers_booth).user)
    other_context = browser.new_context(viewport={"width": 1366, "height": 900})
    other_staff = _signed_in(other_context.new_page(), live_server, BoothStaffFactory(booth=other_booth).user)
    page = _signed_in(phone_page, live_server, winner)

    assert _pool_rows(staff, live_server, providers_booth) == []
    page.goto(f"{live_server.url}/{challenge.event.slug}/challenge/talent-pool/")
    expect(page.get_by_text(challenge.data_provider.name_ko).first).to_be_visible()
    page.get_by_role("button", name="인재풀 참여", exact=True).click()  # without the box: the browser asks for it
    refused_without_the_box = page.locator("[data-talent-pool-state=out]").count()
    page.get_by_label(f"{challenge.data_provider.name_ko}").check()
    page.get_by_role("button", name="인재풀 참여", exact=True).click()
    expect(page.locator("[data-talent-pool-state=in]")).to_be_visible()
    joined = _pool_rows(staff, live_server, providers_booth)
    other_booth_tabs = other_staff.goto(f"{live_server.url}/{challenge.event.slug}/booths/{other_booth.pk}/leads/")
    other_sees_tab = other_staff.get_by_role("link", name="인재풀").count()
    page.get_by_role("button", name="인재풀 참여 철회").click()
    expect(page.locator("[data-talent-pool-state=out]")).to_be_visible()
    after_withdrawal = _pool_rows(staff, live_server, providers_booth)
    staff_context.close()
    other_context.close()

    assert refused_without_the_box == 1
    assert joined == ["김승자"]  # not the other winner, who did not agree
    assert other_booth_tabs.status == 200
    assert other_sees_tab == 0
    assert after_withdrawal == []
