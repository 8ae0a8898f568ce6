"""The challenge on the organisers' dashboard and as an announcement segment."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from challenge.enums import SubmissionStatus
from common.segments import recipients_of, segment_choices
from tests.factories import challenge_ops as make
from tests.factories.registration import EventDayFactory, UserFactory

pytestmark = pytest.mark.django_db


def _figures(html: str, card: str) -> dict[str, str]:
    start = html.index(f'data-card="{card}"')
    block = html[start : html.find("</section>", start) if "</section>" in html[start:] else None]
    return dict(re.findall(r'data-meter="([^"]+)".*?data-value="(\d+)"', block, re.DOTALL))


def test_the_dashboard_counts_teams_todays_submissions_and_the_scoring_queue(client):
    challenge = make.challenge()
    EventDayFactory(event=challenge.event, date=challenge.event.start_date)
    phase = make.phase(challenge=challenge)
    teams = [make.team(challenge=challenge, members=[make.member(), make.member()]) for _ in range(3)]
    yesterday = timezone.now() - datetime.timedelta(days=1)
    make.submission(team=teams[0], phase=phase)
    make.submission(team=teams[0], phase=phase, status=SubmissionStatus.QUEUED)
    make.submission(team=teams[1], phase=phase, status=SubmissionStatus.SCORING)
    make.submission(team=teams[1], phase=phase, status=SubmissionStatus.FAILED)
    make.submission(team=teams[2], phase=phase, submitted_at=yesterday)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/?event={challenge.event.slug}").content.decode()

    assert _figures(page, "challenge") == {
        "teams": "3",
        "members": "6",
        "submissions_today": "4",
        "scoring_queue": "2",
        "failed_today": "1",
    }
    assert f"/admin/challenge/submission/?phase__challenge__id__exact={challenge.pk}" in page


def test_challenge_participants_are_a_segment_of_every_team_member_in_their_language():
    challenge = make.challenge()
    korean, english = make.member(preferred_language="ko"), make.member(preferred_language="en")
    make.team(challenge=challenge, members=[korean])
    make.team(challenge=challenge, members=[english])
    make.team(challenge=make.challenge(), members=[make.member()])  # another event's

    recipients = recipients_of("challenge_participants", event=challenge.event)

    assert "challenge_participants" in dict(segment_choices())
    assert sorted((r.email, r.language) for r in recipients) == sorted([(korean.email, "ko"), (english.email, "en")])
