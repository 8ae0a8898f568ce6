"""Submitting predictions and choosing final submissions: who may, when, the limits and the double tap."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from challenge.enums import MemberRole, SubmissionStatus
from challenge.models import Submission
from challenge.services import choose_final_submissions, submit_predictions
from tests.challenge.conftest import LABELS, ChallengeTeamFactory, csv_file, member, phase_with_key, predictions_text
from tests.concurrency import run_in_parallel

pytestmark = pytest.mark.django_db


def _file(seed: float = 0.5, name: str = "predictions.csv"):
    """A valid file; a different seed gives a different file (and SHA-256)."""
    return csv_file(predictions_text({key: round(seed * (n + 1) / 11, 6) for n, key in enumerate(LABELS)}), name)


def _messages(error: ValidationError, language: str = "en") -> list[str]:
    with translation.override(language):
        return error.messages


@pytest.fixture
def phase():
    return phase_with_key()


@pytest.fixture
def team(phase):
    return ChallengeTeamFactory(challenge=phase.challenge)


def test_a_valid_file_is_stored_queued_and_stamped_with_the_events_day(phase, team):
    user = member(team, MemberRole.CAPTAIN)

    submission = submit_predictions(team=team, phase=phase, user=user, upload=_file(), description="GBM v1")

    submission.refresh_from_db()
    assert (submission.status, submission.rows, submission.original_name, submission.description) == (
        SubmissionStatus.QUEUED,
        10,
        "predictions.csv",
        "GBM v1",
    )
    assert submission.submitted_on == timezone.localtime(submission.submitted_at, phase.challenge.event.zone).date()
    with submission.file.open("rb") as stored:
        assert stored.read() == _file().read()
    assert submission.file.name.startswith(f"submissions/{phase.pk}/{team.pk}/")


def test_control_characters_in_the_file_name_and_note_are_dropped(phase, team):
    upload = _file(name="pre\x00dictions\x1b.csv")

    submission = submit_predictions(team=team, phase=phase, user=member(team), upload=upload, description="v1\x00")

    submission.refresh_from_db()
    assert (submission.original_name, submission.description) == ("predictions.csv", "v1")


def test_a_file_with_problems_is_refused_with_its_lines_and_nothing_is_stored(phase, team):
    user = member(team)

    with pytest.raises(ValidationError) as error:
        submit_predictions(team=team, phase=phase, user=user, upload=csv_file("id,prediction\na1,2\n"))

    assert _messages(error.value, "ko") == [
        "이 단계의 ID 9개에 예측값이 없습니다. 예: a2, a3, a4, a5, a6",
        "2번째 줄: 예측값 “2”은(는) 0에서 1 사이의 확률이 아닙니다.",
    ]
    assert Submission.objects.count() == 0


def test_an_adviser_may_not_submit(phase, team):
    adviser = member(team, MemberRole.ADVISER)

    with pytest.raises(ValidationError) as error:
        submit_predictions(team=team, phase=phase, user=adviser, upload=_file())

    assert _messages(error.value) == ["Faculty advisers are members who do not submit; a student of the team submits."]


def test_someone_outside_the_team_may_not_submit_for_it(phase, team):
    other_team = ChallengeTeamFactory(challenge=phase.challenge)
    outsider = member(other_team)

    with pytest.raises(PermissionDenied):
        submit_predictions(team=team, phase=phase, user=outsider, upload=_file())


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (1, 2, "This phase has not opened yet."),
        (-2, -1, "This phase has closed; submissions are no longer accepted."),
    ],
)
def test_only_an_open_phase_takes_submissions(opens, closes, message):
    now = timezone.now()
    phase = phase_with_key(
        opens_at=now + datetime.timedelta(days=opens), closes_at=now + datetime.timedelta(days=closes)
    )
    team = ChallengeTeamFactory(challenge=phase.challenge)

    with pytest.raises(ValidationError) as error:
        submit_predictions(team=team, phase=phase, user=member(team), upload=_file())

    assert _messages(error.value) == [message]


def test_a_phase_whose_answer_key_is_missing_refuses_files_in_the_users_words(phase, team):
    phase.answer_key.storage.delete(phase.answer_key.name)

    with pytest.raises(ValidationError) as error:
        submit_predictions(team=team, phase=phase, user=member(team), upload=_file())

    assert _messages(error.value, "ko") == [
        "이 단계는 아직 채점할 수 없습니다. 운영진이 정답 파일을 올리지 않았습니다."
    ]


def test_the_same_file_twice_within_a_minute_is_one_submission(phase, team):
    user = member(team)

    first = submit_predictions(team=team, phase=phase, user=user, upload=_file(0.3))
    second = submit_predictions(team=team, phase=phase, user=member(team), upload=_file(0.3))

    assert (second.pk, Submission.objects.count()) == (first.pk, 1)


def test_the_same_file_a_while_later_is_a_new_submission(phase, team):
    user = member(team)
    first = submit_predictions(team=team, phase=phase, user=user, upload=_file(0.3))
    Submission.objects.filter(pk=first.pk).update(submitted_at=first.submitted_at - datetime.timedelta(minutes=2))

    second = submit_predictions(team=team, phase=phase, user=user, upload=_file(0.3))

    assert second.pk != first.pk


def test_the_daily_limit_is_refused_in_the_users_words():
    phase = phase_with_key(daily_submission_limit=2)
    team = ChallengeTeamFactory(challenge=phase.challenge)
    user = member(team)
    submit_predictions(team=team, phase=phase, user=user, upload=_file(0.1))
    submit_predictions(team=team, phase=phase, user=user, upload=_file(0.2))

    with pytest.raises(ValidationError) as error:
        submit_predictions(team=team, phase=phase, user=user, upload=_file(0.3))

    assert _messages(error.value, "ko") == [
        "팀이 이 단계의 오늘 제출 2회를 모두 썼습니다. 내일 다시 제출할 수 있습니다."
    ]
    assert Submission.objects.count() == 2


def test_the_total_limit_counts_earlier_days_but_not_failed_files():
    phase = phase_with_key(daily_submission_limit=2, total_submission_limit=2)
    team = ChallengeTeamFactory(challenge=phase.challenge)
    user = member(team)
    earlier = submit_predictions(team=team, phase=phase, user=user, upload=_file(0.1))
    Submission.objects.filter(pk=earlier.pk).update(submitted_on=earlier.submitted_on - datetime.timedelta(days=1))
    failed = submit_predictions(team=team, phase=phase, user=user, upload=_file(0.2))
    Submission.objects.filter(pk=failed.pk).update(status=SubmissionStatus.FAILED)
    submit_predictions(team=team, phase=phase, user=user, upload=_file(0.3))

    with pytest.raises(ValidationError) as error:
        submit_predictions(team=team, phase=phase, user=user, upload=_file(0.4))

    assert _messages(error.value) == ["Your team has used all 2 submissions of this phase."]


@pytest.mark.django_db(transaction=True)
def test_two_members_submitting_the_last_allowed_file_at_once_get_one_accepted():
    phase = phase_with_key(daily_submission_limit=3)
    team = ChallengeTeamFactory(challenge=phase.challenge)
    first, second = member(team), member(team)
    submit_predictions(team=team, phase=phase, user=first, upload=_file(0.1))
    submit_predictions(team=team, phase=phase, user=first, upload=_file(0.2))

    def submit(case):
        user, seed = case
        try:
            return submit_predictions(team=team, phase=phase, user=user, upload=_file(seed)).pk
        except ValidationError as error:
            return _messages(error)
        finally:
            connection.close()

    results, errors = run_in_parallel(submit, [(first, 0.7), (second, 0.9)])

    assert errors == []
    assert sorted(results, key=lambda result: isinstance(result, list)) == [
        results[0] if isinstance(results[0], int) else results[1],
        ["Your team has used today's 3 submissions for this phase; you can submit again tomorrow."],
    ]
    assert Submission.objects.filter(team=team, phase=phase).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_arriving_at_once_is_one_submission():
    phase = phase_with_key()
    team = ChallengeTeamFactory(challenge=phase.challenge)
    user = member(team)

    def submit(_):
        try:
            return submit_predictions(team=team, phase=phase, user=user, upload=_file(0.4)).pk
        finally:
            connection.close()

    results, errors = run_in_parallel(submit, range(3))

    assert (errors, len(set(results)), Submission.objects.count()) == ([], 1, 1)


def _scored(submission: Submission, score: float) -> Submission:
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.SCORED, public_score=score, private_score=score
    )
    return submission


def test_a_team_chooses_up_to_its_number_of_final_submissions(phase, team):
    user = member(team)
    one, two, three = (
        _scored(submit_predictions(team=team, phase=phase, user=user, upload=_file(seed)), seed)
        for seed in (0.1, 0.2, 0.3)
    )

    choose_final_submissions(team=team, phase=phase, submission_ids=[one.pk, two.pk], user=user)
    choose_final_submissions(team=team, phase=phase, submission_ids=[three.pk, two.pk], user=user)

    chosen = set(Submission.objects.filter(is_final_choice=True).values_list("pk", flat=True))
    assert chosen == {two.pk, three.pk}
    with pytest.raises(ValidationError) as error:
        choose_final_submissions(team=team, phase=phase, submission_ids=[one.pk, two.pk, three.pk], user=user)
    assert _messages(error.value, "ko") == ["최종 제출은 2개까지 고를 수 있습니다."]


def test_only_scored_submissions_of_ones_own_team_can_be_chosen(phase, team):
    user = member(team)
    queued = submit_predictions(team=team, phase=phase, user=user, upload=_file(0.1))
    other_team = ChallengeTeamFactory(challenge=phase.challenge)
    theirs = _scored(submit_predictions(team=other_team, phase=phase, user=member(other_team), upload=_file(0.2)), 0.9)

    with pytest.raises(ValidationError) as unscored:
        choose_final_submissions(team=team, phase=phase, submission_ids=[queued.pk], user=user)
    with pytest.raises(ValidationError) as not_ours:
        choose_final_submissions(team=team, phase=phase, submission_ids=[theirs.pk], user=user)

    assert _messages(unscored.value) == ["Only scored submissions can be chosen for the final ranking."]
    assert _messages(not_ours.value) == ["Choose among your team's own submissions of this phase."]


def test_the_database_refuses_a_third_final_choice_whatever_code_writes_it(phase, team):
    user = member(team)
    submissions = [
        _scored(submit_predictions(team=team, phase=phase, user=user, upload=_file(seed)), seed)
        for seed in (0.1, 0.2, 0.3)
    ]
    choose_final_submissions(team=team, phase=phase, submission_ids=[s.pk for s in submissions[:2]], user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=submissions[2].pk).update(is_final_choice=True)
