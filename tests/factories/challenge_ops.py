"""Rows of the challenge for the operations tests (admin, reminders, personal data), made as the app stores them."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from challenge.enums import MemberRole, Metric, SubmissionStatus
from challenge.models import Challenge, ChallengeTeam, Phase, Submission, TeamMember
from events.models import Organization
from tests.factories.registration import EventFactory, OrganizationFactory, UserFactory


def graduate_school(**fields) -> Organization:
    return OrganizationFactory(is_ai_graduate_school=True, **fields)


def challenge(*, event=None, **fields) -> Challenge:
    defaults = {
        "title_ko": "항원-항체 반응 예측",
        "title_en": "Antigen-antibody reaction prediction",
        "terms_ko": "데이터는 챌린지에만 씁니다.",
        "terms_en": "Use the data for the challenge only.",
        "is_published": True,
    }
    if "data_provider" not in fields:
        defaults["data_provider"] = Organization.objects.filter(name_en="LG AI Research").first() or (
            OrganizationFactory(name_ko="LG AI연구원", name_en="LG AI Research", kind="company")
        )
    return Challenge.objects.create(event=event or EventFactory(), **{**defaults, **fields})


def phase(*, challenge: Challenge, opens_at=None, closes_at=None, **fields) -> Phase:
    opens_at = opens_at or timezone.now() - datetime.timedelta(days=1)
    defaults = {"name_ko": "개발 단계", "name_en": "Development phase", "metric": Metric.AUROC}
    return Phase.objects.create(
        challenge=challenge,
        opens_at=opens_at,
        closes_at=closes_at or opens_at + datetime.timedelta(days=30),
        **{**defaults, **fields},
    )


def team(*, challenge: Challenge, members=(), name: str = "", school=None, **fields) -> ChallengeTeam:
    """A team whose first member is its captain."""
    count = ChallengeTeam.objects.count()
    made = ChallengeTeam.objects.create(
        challenge=challenge, name=name or f"팀 {count + 1}", graduate_school=school or graduate_school(), **fields
    )
    for number, user in enumerate(members):
        TeamMember.objects.create(
            team=made,
            challenge=challenge,
            user=user,
            role=MemberRole.CAPTAIN if number == 0 else MemberRole.MEMBER,
            joined_at=timezone.now() + datetime.timedelta(seconds=number),
        )
    return made


def member(**fields):
    return UserFactory(**fields)


def submission(*, team: ChallengeTeam, phase: Phase, status=SubmissionStatus.SCORED, public=0.8, private=0.7, **fields):
    at = fields.pop("submitted_at", None) or timezone.now()
    made = Submission(
        team=team,
        phase=phase,
        status=status,
        public_score=public if status == SubmissionStatus.SCORED else None,
        private_score=private if status == SubmissionStatus.SCORED else None,
        submitted_at=at,
        submitted_on=at.astimezone(phase.challenge.event.zone).date(),
        original_name=fields.pop("original_name", "predictions.csv"),
        rows=3,
        **fields,
    )
    made.file.save("predictions.csv", ContentFile(b"id,prediction\n1,0.9\n2,0.1\n3,0.5\n"), save=False)
    made.save()
    return made
