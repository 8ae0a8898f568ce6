"""The challenge's reminders as members receive them: through beat's planner, the real worker and SMTP.

A phase opening reaches every member of the challenge's teams; 24 hours before a phase closes
only the members of teams that have not submitted in it hear; the results reach every member.
Each in the member's language, once however often the planner runs; the links work.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from django.conf import settings
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from challenge.enums import SubmissionStatus
from challenge.models import Challenge
from challenge.reminders import PHASE_CLOSING, PHASE_OPENING, RESULTS
from mail.models import EmailStatus, OutboundEmail
from mail.reminders import plan_reminders
from tests.conftest import wait_for
from tests.factories import challenge_ops as make

pytestmark = pytest.mark.django_db(transaction=True)

LINK_IN_TEXT = re.compile(r"https?://\S+")
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    current = Site.objects.get_current()
    current.domain = urlsplit(live_server.url).netloc
    current.save()
    Site.objects.clear_cache()
    return live_server.url


def _delivered():
    return not OutboundEmail.objects.filter(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING]).exists()


def _signed_in(user) -> requests.Session:
    session = requests.Session()
    client = Client()
    client.force_login(user)
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    return session


def _links(message) -> list[str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return LINK_IN_TEXT.findall(text) + HREF.findall(html)


def _follow(message, user, base: str, challenge: Challenge) -> None:
    """Every link as a mail client offers it, opened by the member (the unsubscribe link too, if any)."""
    unsubscribe = re.findall(r"<(https?://[^>]+)>", message.get("List-Unsubscribe", ""))
    browser = _signed_in(user)
    links = _links(message)
    assert links
    for link in [*links, *unsubscribe]:
        assert link.startswith(base)
        path = urlsplit(link).path
        if path == f"/{challenge.event.slug}/challenge/":
            try:
                resolve(path)
            except Resolver404:
                continue  # the challenge's own page comes with the team pages (challenge/views.py)
        response = browser.get(link, timeout=20)
        assert response.status_code == 200, f"{link} answered {response.status_code}"


def _people(challenge, phase):
    """Two teams: one that has submitted in the phase and one that has not; a Korean and an English reader."""
    korean, english = make.member(preferred_language="ko"), make.member(preferred_language="en")
    busy = make.member(preferred_language="ko")
    quiet = make.team(challenge=challenge, name="조용한 팀", members=[korean, english])
    active = make.team(challenge=challenge, name="바쁜 팀", members=[busy])
    make.submission(team=active, phase=phase, status=SubmissionStatus.QUEUED)
    make.team(challenge=make.challenge(), members=[make.member()])  # another event's challenge: never told
    return korean, english, busy, quiet


def test_a_phase_opening_reaches_every_member_once_in_their_language(site, celery_worker, mailbox):
    challenge = make.challenge()
    opens = timezone.now() - datetime.timedelta(minutes=1)
    phase = make.phase(challenge=challenge, opens_at=opens, name_ko="개발 단계", name_en="Development phase")
    korean, english, busy, _quiet = _people(challenge, phase)

    with time_machine.travel(opens - datetime.timedelta(minutes=5), tick=False):
        too_early = plan_reminders(kinds=[PHASE_OPENING])
    queued = plan_reminders(kinds=[PHASE_OPENING]) + plan_reminders(kinds=[PHASE_OPENING])
    wait_for(_delivered, timeout=20, what="the messages delivered")

    assert (too_early, queued) == (0, 3)
    in_korean, in_english = mailbox.wait_for_message_to(korean.email), mailbox.wait_for_message_to(english.email)
    mailbox.wait_for_message_to(busy.email)
    assert [len(mailbox.to(person.email)) for person in (korean, english, busy)] == [1, 1, 1]
    assert "개발 단계" in in_korean["Subject"] and "항원-항체 반응 예측" in in_korean["Subject"]
    assert "Development phase" in in_english["Subject"]
    assert "조용한 팀" in in_english.get_body(preferencelist=("plain",)).get_content()
    assert not re.search(r"[\uac00-\ud7a3]", in_english["Subject"].replace("조용한 팀", ""))
    for message, person in ((in_korean, korean), (in_english, english)):
        _follow(message, person, site, challenge)
    with time_machine.travel(opens + datetime.timedelta(days=1), tick=False):
        assert plan_reminders(kinds=[PHASE_OPENING]) == 0  # a day later: still once


def test_a_day_before_the_close_only_teams_without_a_submission_hear(site, celery_worker, mailbox):
    challenge = make.challenge()
    closes = timezone.now() + datetime.timedelta(hours=23)
    phase = make.phase(
        challenge=challenge, opens_at=closes - datetime.timedelta(days=20), closes_at=closes, name_en="Final phase"
    )
    korean, english, busy, _quiet = _people(challenge, phase)

    with time_machine.travel(closes - datetime.timedelta(hours=25), tick=False):
        too_early = plan_reminders(kinds=[PHASE_CLOSING])
    queued = plan_reminders(kinds=[PHASE_CLOSING]) + plan_reminders(kinds=[PHASE_CLOSING])
    wait_for(_delivered, timeout=20, what="the messages delivered")

    assert (too_early, queued) == (0, 2)
    in_english = mailbox.wait_for_message_to(english.email)
    in_korean = mailbox.wait_for_message_to(korean.email)
    assert mailbox.to(busy.email) == []
    assert in_english["Subject"] == "Final phase closes in 24 hours"
    assert "24시간" in in_korean["Subject"]
    text = in_english.get_body(preferencelist=("plain",)).get_content()
    assert "has not submitted in Final phase yet" in text
    assert in_english["List-Unsubscribe"]  # members may turn it off
    for message, person in ((in_korean, korean), (in_english, english)):
        _follow(message, person, site, challenge)


def test_the_results_reach_every_member_with_their_teams_rank(site, celery_worker, mailbox):
    challenge = make.challenge()
    phase = make.phase(challenge=challenge, opens_at=timezone.now() - datetime.timedelta(days=40))
    korean, english, busy, quiet = _people(challenge, phase)
    quiet.final_rank = 1
    quiet.save(update_fields=["final_rank"])
    published = timezone.now() - datetime.timedelta(minutes=2)

    assert plan_reminders(kinds=[RESULTS]) == 0  # not published yet
    Challenge.objects.filter(pk=challenge.pk).update(results_published_at=published)
    queued = plan_reminders(kinds=[RESULTS]) + plan_reminders(kinds=[RESULTS])
    wait_for(_delivered, timeout=20, what="the messages delivered")

    assert queued == 3
    in_english = mailbox.wait_for_message_to(english.email)
    in_korean = mailbox.wait_for_message_to(korean.email)
    to_busy = mailbox.wait_for_message_to(busy.email)
    assert (
        "Your team 조용한 팀 is number 1 in the final ranking."
        in in_english.get_body(preferencelist=("plain",)).get_content()
    )
    assert "바쁜 팀" in to_busy.get_body(preferencelist=("plain",)).get_content()
    assert in_korean["List-Unsubscribe"] is None  # the outcome of their entry: always sent
    for message, person in ((in_korean, korean), (in_english, english)):
        _follow(message, person, site, challenge)
    with time_machine.travel(published + datetime.timedelta(days=8), tick=False):
        assert plan_reminders(kinds=[RESULTS]) == 0
