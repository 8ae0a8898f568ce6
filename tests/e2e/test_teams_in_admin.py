"""Organisers' teams in the admin, in Chromium: each member sees exactly their part of their organiser's events.

A programme-team member and a townhall-team member of one event sign in to the
admin through the site's form and find their own models in the index and the
sidebar, their rows in the lists and their change pages, and a 403 wherever
they are not meant to be; a team member of another organiser sees none of the
event's rows. An invitation to a team arrives by email (the real SMTP server),
its link is followed, the address confirmed, and the newcomer is a member who
enters the admin, in Korean and in English.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from events.enums import Area
from events.models import Team, TeamMembership
from registration.models import Registration
from registration.services import register_attendee
from sessions.models import ProgrammeSession
from tests.conftest import wait_for
from tests.e2e.conftest import sign_in_to_admin
from tests.factories.events import OrganiserFactory, TeamFactory, team_member
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TownhallFactory
from townhall.models import Guest, Townhall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # the factories' password
LINK_IN_TEXT = re.compile(r"https?://\S+")


def _event_of(organiser, slug: str):
    event = EventFactory(organiser=organiser, slug=slug)
    for date in event.days:
        EventDayFactory(event=event, date=date)
    return event


@pytest.fixture
def two_organisers(transactional_db):
    """The demo's hosts with their event, its programme, registrations and townhall; another organiser's event."""
    hosts = OrganiserFactory(name_ko="과학기술정보통신부", name_en="Ministry of Science and ICT")
    event = _event_of(hosts, "aigs")
    ProgrammeSessionFactory(event=event, title_ko="에이전트 세션", title_en="Agents session")
    ProgrammeSessionFactory(event=event, title_ko="미공개 세션", title_en="Unpublished session", is_published=False)
    register_attendee(event=event, user=attendee(), dates=[event.start_date])
    GuestFactory(townhall=TownhallFactory(event=event), name="타운홀 손님 가")

    others = OrganiserFactory(name_ko="다른 주최", name_en="Other host")
    other_event = _event_of(others, "other-forum")
    ProgrammeSessionFactory(event=other_event, title_ko="다른 행사 세션", title_en="Other forum session")
    register_attendee(event=other_event, user=attendee(), dates=[other_event.start_date])
    GuestFactory(townhall=TownhallFactory(event=other_event), name="다른 행사 손님")

    people = {
        "programme": team_member(
            team=TeamFactory(organiser=hosts, areas=[Area.PROGRAMME], events=[event]), email="programme@example.org"
        ),
        "townhall": team_member(
            team=TeamFactory(organiser=hosts, areas=[Area.TOWNHALL], all_events=True), email="townhall@example.org"
        ),
        "other": team_member(
            team=TeamFactory(organiser=others, areas=list(Area.values), all_events=True), email="other@example.org"
        ),
    }
    return {"event": event, "other_event": other_event, "people": people}


def _admin_links(page) -> set[str]:
    """The model pages the index and the sidebar link to."""
    hrefs = page.locator("a[href^='/admin/']").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    return {href for href in hrefs if re.fullmatch(r"/admin/\w+/\w+/", href)}


def _changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def _change(obj) -> str:
    return f"{_changelist(type(obj))}{obj.pk}/change/"


def _rows(page) -> list[str]:
    return page.locator("#result_list tbody tr").all_inner_texts()


def _status(page, base: str, path: str) -> int:
    return page.goto(base + path).status


def test_programme_team_member_sees_the_programme_of_their_event_and_nothing_else(
    desktop_page, live_server, two_organisers
):
    page, base = desktop_page, live_server.url
    event = two_organisers["event"]
    sign_in_to_admin(page, base, "programme@example.org", PASSWORD)

    links = _admin_links(page)
    assert _changelist(ProgrammeSession) in links
    assert {_changelist(Registration), _changelist(Guest), _changelist(Townhall), _changelist(User)} & links == set()

    page.goto(base + _changelist(ProgrammeSession))
    rows = _rows(page)
    assert len(rows) == 2
    assert "에이전트 세션" in " ".join(rows) and "미공개 세션" in " ".join(rows)
    assert "다른 행사 세션" not in page.content()

    session = ProgrammeSession.objects.get(title_en="Agents session")
    assert _status(page, base, _change(session)) == 200
    expect(page.locator("input[name=title_ko]")).to_have_value("에이전트 세션")
    # The event to choose is theirs only.
    assert page.locator("select[name=event] option[value]:not([value=''])").all_inner_texts() == [str(event)]

    registration = Registration.objects.filter(event=event).get()
    other_session = ProgrammeSession.objects.get(title_en="Other forum session")
    forbidden = [
        _changelist(Registration),
        _change(registration),
        _changelist(Guest),
        _change(Guest.objects.filter(townhall__event=event).get()),
        _change(other_session),
        _changelist(User),
        f"/admin/events/event/{event.pk}/capacity/",
        f"/admin/townhall/townhall/{event.townhall.pk}/chart/",
    ]
    assert {path: _status(page, base, path) for path in forbidden} == dict.fromkeys(forbidden, 403)
    # The unpublished session's public page is theirs to preview.
    unpublished = ProgrammeSession.objects.get(title_en="Unpublished session")
    assert _status(page, base, f"/{event.slug}/programme/sessions/{unpublished.pk}/") == 200


def test_townhall_team_member_sees_the_townhall_and_its_guests_only(desktop_page, live_server, two_organisers):
    page, base = desktop_page, live_server.url
    event = two_organisers["event"]
    sign_in_to_admin(page, base, "townhall@example.org", PASSWORD)

    links = _admin_links(page)
    assert {_changelist(Guest), _changelist(Townhall)} <= links
    assert {_changelist(Registration), _changelist(ProgrammeSession), _changelist(User)} & links == set()

    page.goto(base + _changelist(Guest))
    rows = _rows(page)
    assert len(rows) == 1 and "타운홀 손님 가" in rows[0]
    assert "다른 행사 손님" not in page.content()
    page.goto(base + _changelist(Townhall))
    assert len(_rows(page)) == 1

    assert _status(page, base, _change(event.townhall)) == 200
    assert _status(page, base, f"/admin/townhall/townhall/{event.townhall.pk}/chart/") == 200
    forbidden = [
        _changelist(ProgrammeSession),
        _change(ProgrammeSession.objects.filter(event=event).first()),
        _change(Registration.objects.filter(event=event).get()),
        _change(two_organisers["other_event"].townhall),
    ]
    assert {path: _status(page, base, path) for path in forbidden} == dict.fromkeys(forbidden, 403)


def test_team_member_of_another_organiser_sees_none_of_the_event(desktop_page, live_server, two_organisers):
    page, base = desktop_page, live_server.url
    event, other_event = two_organisers["event"], two_organisers["other_event"]
    sign_in_to_admin(page, base, "other@example.org", PASSWORD)

    for model, own in [
        (ProgrammeSession, "다른 행사 세션"),
        (Registration, other_event.slug),
        (Guest, "다른 행사 손님"),
    ]:
        page.goto(base + _changelist(model))
        rows = _rows(page)
        assert len(rows) == 1, (model, rows)
        assert own in rows[0] or model is Registration
    page.goto(base + "/admin/events/event/")
    assert len(_rows(page)) == 1
    expect(page.locator("#result_list")).not_to_contain_text(event.name_ko)

    forbidden = [
        _change(event),
        _change(ProgrammeSession.objects.filter(event=event).first()),
        _change(Registration.objects.filter(event=event).get()),
        _change(event.townhall),
        f"/admin/events/event/{event.pk}/capacity/",
    ]
    assert {path: _status(page, base, path) for path in forbidden} == dict.fromkeys(forbidden, 403)
    # The event's unpublished page is not theirs to preview.
    unpublished = ProgrammeSession.objects.get(title_en="Unpublished session")
    assert _status(page, base, f"/{event.slug}/programme/sessions/{unpublished.pk}/") == 404


@pytest.mark.usefixtures("rate_limits_cleared")
@pytest.mark.parametrize("language", ["ko", "en"])
def test_invited_person_signs_up_from_the_email_and_joins_the_team(
    browser, desktop_page, live_server, mailbox, celery_worker, settings, language
):
    settings.SITE_URL = live_server.url
    hosts = OrganiserFactory(name_ko="과학기술정보통신부", name_en="Ministry of Science and ICT")
    event = _event_of(hosts, "aigs")
    ProgrammeSessionFactory(event=event, title_ko="에이전트 세션", title_en="Agents session")
    team = TeamFactory(
        events=[event],
        organiser=hosts,
        name_ko="프로그램 위원회",
        name_en="Programme committee",
        areas=[Area.PROGRAMME],
    )
    UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    address = f"invited.{language}@example.org"

    # A superuser invites the address on the team's page.
    sign_in_to_admin(desktop_page, live_server.url, "root@example.org", PASSWORD)
    desktop_page.goto(f"{live_server.url}/admin/events/team/{team.pk}/change/")
    desktop_page.fill("input[name=invitations-0-email]", address)
    desktop_page.select_option("select[name=invitations-0-language]", language)
    desktop_page.locator("button[name=_save][form=team_form]").click()
    expect(desktop_page.locator("ul.messagelist li.success")).to_have_count(1)

    message = mailbox.wait_for_message_to(address)
    text = message.get_body(preferencelist=("plain",)).get_content()
    expected_subject = {
        "ko": "[과학기술정보통신부] 프로그램 위원회 팀에 초대되었습니다",
        "en": "[Ministry of Science and ICT] You are invited to the team Programme committee",
    }[language]
    assert message["Subject"].strip() == expected_subject
    [link] = [link for link in LINK_IN_TEXT.findall(text) if link.startswith(f"{live_server.url}/accounts/signup/")]

    locale = "ko-KR" if language == "ko" else "en-US"
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(link)
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.fill("input[name=email]", address)
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        confirmation = wait_for(
            lambda: len(mailbox.to(address)) >= 2 and mailbox.to(address)[-1], what="the confirmation email"
        )
        [confirm] = [
            link
            for link in LINK_IN_TEXT.findall(confirmation.get_body(preferencelist=("plain",)).get_content())
            if "/confirm-email/" in link
        ]
        page.goto(confirm)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()

        user = User.objects.get(email=address)
        assert list(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True)) == [team.pk]
        assert user.is_staff is True and user.is_superuser is False
        assert team.invitations.get().accepted_at is not None

        response = page.goto(f"{live_server.url}/admin/")
        assert response.status == 200
        assert _changelist(ProgrammeSession) in _admin_links(page)
        assert _changelist(Registration) not in _admin_links(page)
    finally:
        context.close()


def test_leaving_the_last_team_takes_the_admin_away(two_organisers):
    member = two_organisers["people"]["programme"]
    assert member.is_staff is True

    Team.objects.filter(memberships__user=member).delete()

    member.refresh_from_db()
    assert member.is_staff is False
