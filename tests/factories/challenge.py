import datetime

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from challenge.models import Challenge, DataFile, Phase
from tests.factories.registration import EventFactory, OrganizationFactory, UserFactory, attendee


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    event = factory.SubFactory(EventFactory)
    title_ko = "AI 대학원 챌린지"
    title_en = "AI Graduate School Challenge"
    description_ko = "항원-항체 반응을 예측합니다."
    description_en = "Predict antigen-antibody reactions."
    rules_ko = "팀당 하루 5회 제출할 수 있습니다."
    rules_en = "Each team may submit five times a day."
    data_provider = factory.SubFactory(OrganizationFactory, kind="company")
    max_team_size = 3
    terms_ko = "데이터는 이 챌린지에만 씁니다."
    terms_en = "Use the data for this challenge only."
    terms_version = "1"
    is_published = True


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    challenge = factory.SubFactory(ChallengeFactory)
    name_ko = "개발 단계"
    name_en = "Development phase"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    metric = "rmse"

    @factory.post_generation
    def answers(phase, create, extracted, **kwargs):
        """The answer key's CSV text (ids 1 and 2, one public and one private, by default); False for none."""
        if not create or extracted is False:
            return
        from challenge.services import set_answer_key  # noqa: PLC0415 -- the service imports the task queue

        text = extracted or "id,answer,usage\n1,1,public\n2,0,private\n"
        stored = set_answer_key(phase=phase, upload=SimpleUploadedFile("answers.csv", text.encode()))
        # The factory saves its own instance once more after this hook: it must carry the stored key.
        for field in ("answer_key", "answer_key_sha256", "answer_rows", "public_answer_rows"):
            setattr(phase, field, getattr(stored, field))


class DataFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataFile

    challenge = factory.SubFactory(ChallengeFactory)
    kind = "training"
    title_ko = "학습 데이터"
    title_en = "Training data"
    file = factory.LazyFunction(lambda: ContentFile(b"id,feature,label\n1,0.5,1\n2,0.1,0\n", name="train.csv"))


def graduate_school(**fields):
    return OrganizationFactory(is_ai_graduate_school=True, **fields)


def student(*, event, school, category: str = "student", email: str | None = None, **profile_fields):
    """A person registered for the event, of the graduate school, with a verified address."""
    from registration.services import register_attendee  # noqa: PLC0415 -- keeps factory imports light

    if email is not None:
        profile_fields["user"] = UserFactory(email=email)
    user = attendee(event=event, category=category, graduate_school=school, **profile_fields)
    register_attendee(event=event, user=user, dates=[event.start_date])
    return user
