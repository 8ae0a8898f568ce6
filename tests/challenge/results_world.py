"""Challenges with teams and scored submissions for the results tests, made as the rows would be
(the scoring worker is tested elsewhere: here a submission is simply stored as scored)."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from challenge.enums import MemberRole, Metric, SubmissionStatus
from challenge.models import Challenge, ChallengeTeam, Phase, Submission, TeamMember
from challenge.signals import submission_scored
from events.enums import OrganizationKind
from tests.factories.registration import EventFactory, OrganizationFactory, UserFactory

_numbers = itertools.count(1)


def make_challenge(*, event=None, published: bool = True, metric: str = Metric.AUROC, phases: int = 1, **fields):
    """A published challenge whose phases ran over the last weeks; the last phase is final and closed."""
    event = event or EventFactory()
    provider = fields.pop("data_provider", None) or OrganizationFactory(kind=OrganizationKind.COMPANY)
    challenge = Challenge.objects.create(
        event=event,
        title_ko="AI 대학원 챌린지",
        title_en="AI Graduate School Challenge",
        data_provider=provider,
        terms_ko="데이터 이용 약관",
        terms_en="Data-use terms",
        talent_pool_purpose_ko="채용 안내",
        talent_pool_purpose_en="Telling you about openings",
        talent_pool_items_ko="이름, 이메일, 소속",
        talent_pool_items_en="Name, email, school",
        talent_pool_retention_ko="1년",
        talent_pool_retention_en="One year",
        is_published=published,
        **fields,
    )
    now = timezone.now()
    for index in range(phases):
        opens = now - datetime.timedelta(days=30 - 10 * index)
        Phase.objects.create(
            challenge=challenge,
            name_ko=f"단계 {index + 1}",
            name_en=f"Phase {index + 1}",
            opens_at=opens,
            closes_at=opens + datetime.timedelta(days=8),
            metric=metric,
            is_final=index == phases - 1,
            daily_submission_limit=100,
            total_submission_limit=1000,
        )
    return challenge


def make_team(challenge, *, name: str | None = None, school=None, members=()):
    number = next(_numbers)
    school = school or OrganizationFactory(is_ai_graduate_school=True)
    team = ChallengeTeam.objects.create(challenge=challenge, name=name or f"Team {number}", graduate_school=school)
    for index, user in enumerate(members):
        role = MemberRole.CAPTAIN if index == 0 else MemberRole.MEMBER
        TeamMember.objects.create(team=team, challenge=challenge, user=user, role=role)
    return team


def scored(team, phase, *, public: float, private: float, at=None, final: bool = False, announce: bool = True):
    """A scored submission, stored as the scoring worker leaves it, and the signal it sends."""
    at = at or phase.opens_at + datetime.timedelta(hours=next(_numbers) % 150)
    submission = Submission.objects.create(
        team=team,
        phase=phase,
        file="submissions/predictions.csv",  # the file itself is the scoring tests' business
        original_name="predictions.csv",
        rows=1,
        status=SubmissionStatus.SCORED,
        public_score=public,
        private_score=private,
        submitted_at=at,
        submitted_on=at.date(),
        scored_at=at,
        is_final_choice=final,
    )
    if announce:
        submission_scored.send(sender=Submission, submission=submission)
    return submission


def member(**fields):
    return UserFactory(**fields)
