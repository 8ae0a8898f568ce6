"""Challenge reminders, registered in ChallengeConfig.ready(); mail.reminders plans and queues them.

- A phase opens: every member of the challenge's teams hears, from the opening for two days
  (someone who joins a team then still hears; later it is old news).
- 24 hours before a phase closes: each member of a team with no counted submission in it (a file
  that failed to score does not count). The key carries the closing time, so a moved deadline is
  reminded anew.
- The results are published: every member of every team, within a week.

Each goes to the member in the language they read the site in (mail.reminders: the user's
preferred language). Members may turn the phase reminders off; the results are the outcome of
their entry and are always sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Exists, OuterRef

from mail.reminders import MISSED_LOOKBACK, DueReminder

from .enums import COUNTED_STATUSES
from .models import Challenge, Phase, Submission, TeamMember

PHASE_OPENING = "challenge_phase_opening"
PHASE_CLOSING = "challenge_phase_closing"
RESULTS = "challenge_results"
OPENING_NEWS_FOR = datetime.timedelta(days=2)
CLOSING_LEAD = datetime.timedelta(hours=24)
RESULTS_NEWS_FOR = datetime.timedelta(days=7)


def challenge_url(challenge: Challenge) -> str:
    """The challenge's page (challenge/urls.py is mounted at /<event-slug>/challenge/)."""
    return f"{settings.SITE_URL}/{challenge.event.slug}/challenge/"


def _stamp(moment: datetime.datetime) -> str:
    return f"{moment.astimezone(datetime.UTC):%Y%m%dT%H%M}"


def _members(teams_filter: dict):
    return (
        TeamMember.objects.filter(**teams_filter, user__is_active=True)
        .select_related("user", "team")
        .order_by("team_id", "joined_at", "pk")
    )


def _context(challenge: Challenge, member: TeamMember, **extra) -> dict:
    return {
        "challenge": challenge,
        "event": challenge.event,
        "team": member.team,
        "challenge_url": challenge_url(challenge),
        **extra,
    }


def _phases(**filters):
    return Phase.objects.filter(challenge__is_published=True, **filters).select_related("challenge__event")


def due_phase_openings(now: datetime.datetime) -> Iterator[DueReminder]:
    for phase in _phases(opens_at__lte=now, opens_at__gt=now - OPENING_NEWS_FOR - MISSED_LOOKBACK):
        challenge = phase.challenge
        not_after = min(phase.closes_at, phase.opens_at + OPENING_NEWS_FOR)
        for member in _members({"team__challenge": challenge}):
            yield DueReminder(
                user=member.user,
                object_key=f"phase:{phase.pk}:opening",
                template="challenge/email/phase_opening",
                context=_context(challenge, member, phase=phase),
                send_after=phase.opens_at,
                not_after=not_after,
                late_reason="the phase had been open for two days",
            )


def due_phase_closings(now: datetime.datetime) -> Iterator[DueReminder]:
    for phase in _phases(closes_at__gt=now - MISSED_LOOKBACK, closes_at__lte=now + CLOSING_LEAD):
        challenge = phase.challenge
        submitted = Submission.objects.filter(team=OuterRef("team"), phase=phase, status__in=COUNTED_STATUSES)
        members = _members({"team__challenge": challenge}).filter(~Exists(submitted))
        for member in members:
            yield DueReminder(
                user=member.user,
                object_key=f"phase:{phase.pk}:closing:{_stamp(phase.closes_at)}",
                template="challenge/email/phase_closing",
                context=_context(challenge, member, phase=phase),
                send_after=max(phase.closes_at - CLOSING_LEAD, phase.opens_at),
                not_after=phase.closes_at,
                late_reason="the phase had closed",
            )


def due_results(now: datetime.datetime) -> Iterator[DueReminder]:
    challenges = Challenge.objects.filter(
        is_published=True,
        results_published_at__lte=now,
        results_published_at__gt=now - RESULTS_NEWS_FOR - MISSED_LOOKBACK,
    ).select_related("event")
    for challenge in challenges:
        for member in _members({"team__challenge": challenge}):
            yield DueReminder(
                user=member.user,
                object_key=f"challenge:{challenge.pk}:results",
                template="challenge/email/results",
                context=_context(challenge, member, rank=member.team.final_rank),
                send_after=challenge.results_published_at,
                not_after=challenge.results_published_at + RESULTS_NEWS_FOR,
                late_reason="the results had been out for a week",
            )
