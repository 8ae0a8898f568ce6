"""A challenge with an open phase and its answer key, and teams, for the scoring tests."""

from __future__ import annotations

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from challenge.enums import MemberRole, Metric
from challenge.models import Challenge, ChallengeTeam, Phase, TeamMember
from challenge.services import set_answer_key
from tests.factories.registration import EventFactory, OrganizationFactory, UserFactory


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    event = factory.SubFactory(EventFactory)
    title_ko = "항원-항체 반응 예측"
    title_en = "Antigen-antibody reaction prediction"
    data_provider = factory.SubFactory(OrganizationFactory, kind="company")
    terms_ko = "데이터는 이 대회에만 씁니다."
    terms_en = "Use the data for this challenge only."
    max_team_size = 5


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    challenge = factory.SubFactory(ChallengeFactory)
    name_ko = "개발 단계"
    name_en = "Development"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    metric = Metric.AUROC


class ChallengeTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeTeam

    challenge = factory.SubFactory(ChallengeFactory)
    name = factory.Sequence(lambda n: f"CVML {n}")
    graduate_school = factory.SubFactory(OrganizationFactory, is_ai_graduate_school=True)


def member(team: ChallengeTeam, role: str = MemberRole.MEMBER):
    user = UserFactory()
    TeamMember.objects.create(team=team, challenge=team.challenge, user=user, role=role)
    return user


def csv_file(text: str, name: str = "predictions.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


# Ten ids: a1..a5 public, a6..a10 private; labels chosen so that each part has both classes.
LABELS = {f"a{n}": label for n, label in zip(range(1, 11), [1, 0, 1, 0, 0, 1, 1, 0, 0, 1], strict=True)}
PUBLIC_IDS = ("a1", "a2", "a3", "a4", "a5")


def answer_key_text(answers: dict | None = None, public_ids=PUBLIC_IDS) -> str:
    answers = LABELS if answers is None else answers
    lines = ["id,answer,usage"]
    lines += [f"{key},{value},{'public' if key in public_ids else 'private'}" for key, value in answers.items()]
    return "\n".join(lines) + "\n"


def phase_with_key(metric: str = Metric.AUROC, answers: dict | None = None, **fields) -> Phase:
    phase = PhaseFactory(metric=metric, **fields)
    return set_answer_key(phase=phase, upload=csv_file(answer_key_text(answers), "answers.csv"))


def predictions_text(values: dict, header: str = "id,prediction") -> str:
    return "\n".join([header, *(f"{key},{value}" for key, value in values.items())]) + "\n"
