"""The scoring worker: its own queue, a score written once, reasons in both languages, re-queue after a kill."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone, translation
from sklearn.metrics import roc_auc_score

from challenge import scoring
from challenge.enums import SubmissionStatus
from challenge.models import Submission
from challenge.services import set_answer_key, submit_predictions
from challenge.signals import submission_scored
from challenge.tasks import requeue_stuck_submissions_task, score_submission_task
from symposium.celery import app
from tests.challenge.conftest import (
    LABELS,
    PUBLIC_IDS,
    ChallengeTeamFactory,
    answer_key_text,
    csv_file,
    member,
    phase_with_key,
    predictions_text,
)
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
PREDICTIONS = {key: round((n * 7 % 10) / 10 + 0.05, 2) for n, key in enumerate(LABELS)}


def _expected() -> tuple[float, float]:
    def auroc(ids):
        return roc_auc_score([LABELS[key] for key in ids], [PREDICTIONS[key] for key in ids])

    return auroc(PUBLIC_IDS), auroc([key for key in LABELS if key not in PUBLIC_IDS])


def _submit(**phase_fields) -> Submission:
    phase = phase_with_key(**phase_fields)
    team = ChallengeTeamFactory(challenge=phase.challenge)
    return submit_predictions(team=team, phase=phase, user=member(team), upload=csv_file(predictions_text(PREDICTIONS)))


def _status(submission: Submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


def test_scoring_is_routed_to_its_own_queue():
    route = app.amqp.router.route({}, "symposium.challenge.score_submission", args=(), kwargs={})

    assert route["queue"].name == "scoring"


def test_the_default_worker_listens_to_the_default_queue_only(celery_worker):
    assert [queue.name for queue in celery_worker.consumer.task_consumer.queues] == ["celery"]


def test_the_scoring_worker_scores_a_submission_and_says_so_after_commit(scoring_worker):
    heard = []

    def listener(sender, submission, **kwargs):
        heard.append((submission.pk, submission.status))

    submission_scored.connect(listener)
    try:
        submission = _submit()
        wait_for(lambda: _status(submission) == SubmissionStatus.SCORED, timeout=30, what="the score")
        wait_for(lambda: heard, timeout=10, what="the signal")
    finally:
        submission_scored.disconnect(listener)

    submission.refresh_from_db()
    assert (submission.public_score, submission.private_score) == pytest.approx(_expected(), abs=1e-12)
    assert (submission.scoring_attempts, heard) == (1, [(submission.pk, SubmissionStatus.SCORED)])


def test_a_repeated_message_scores_nothing_twice():
    submission = _submit()

    first = scoring.score_submission(submission_id=submission.pk)
    submission.refresh_from_db()
    again = scoring.score_submission(submission_id=submission.pk)

    assert (first, again) == ("scored", "skipped")
    assert Submission.objects.get(pk=submission.pk).scored_at == submission.scored_at


def test_a_worker_presumed_dead_cannot_overwrite_a_later_attempt():
    submission = _submit()
    first = scoring._claim(submission.pk)
    # It was put back in the queue and another worker claimed it and scored it.
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.QUEUED)
    assert scoring.score_submission(submission_id=submission.pk) == "scored"
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.SCORING)  # even mid-way again

    written = scoring._record(
        submission.pk,
        attempt=first.scoring_attempts,
        fields={"status": SubmissionStatus.SCORED, "public_score": 0.0, "private_score": 0.0},
    )

    assert written is False
    assert Submission.objects.get(pk=submission.pk).public_score == pytest.approx(_expected()[0])


def test_a_file_the_changed_answer_key_no_longer_fits_fails_with_the_reason_in_both_languages():
    submission = _submit()
    new_answers = {**LABELS, "a11": 1}
    set_answer_key(phase=submission.phase, upload=csv_file(answer_key_text(new_answers)))

    assert scoring.score_submission(submission_id=submission.pk) == "failed"

    submission.refresh_from_db()
    with translation.override("ko"):
        korean = scoring.failure_message(submission)
    with translation.override("en"):
        english = scoring.failure_message(submission)
    assert (korean, english) == (
        "이 단계의 ID 1개에 예측값이 없습니다. 예: a11",
        "1 id of the phase has no prediction: a11.",
    )


def test_stuck_submissions_are_put_back_and_given_up_after_the_last_attempt(settings):
    stuck, hopeless = _submit(), _submit()
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CHALLENGE_SCORING_STUCK_SECONDS + 5)
    Submission.objects.filter(pk=stuck.pk).update(
        status=SubmissionStatus.SCORING, scoring_started_at=long_ago, scoring_attempts=1
    )
    Submission.objects.filter(pk=hopeless.pk).update(
        status=SubmissionStatus.SCORING, scoring_started_at=long_ago, scoring_attempts=3
    )

    ids = scoring.requeue_stuck_submissions()

    assert ids == [stuck.pk]
    assert (_status(stuck), _status(hopeless)) == (SubmissionStatus.QUEUED, SubmissionStatus.FAILED)
    with translation.override("en"):
        assert scoring.failure_message(Submission.objects.get(pk=hopeless.pk)) == (
            "The file could not be scored: scoring stopped part-way several times."
        )


def test_a_phase_with_a_script_gives_it_twice_its_time_limit_before_calling_it_stuck(settings):
    submission = _submit(script_time_limit_seconds=100)
    submission.phase.scoring_script.save("score.py", ContentFile(b"print(1)\n"))
    started = timezone.now() - datetime.timedelta(seconds=settings.CHALLENGE_SCORING_STUCK_SECONDS + 150)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.SCORING, scoring_started_at=started)

    slow = scoring.requeue_stuck_submissions()
    dead = scoring.requeue_stuck_submissions(now=timezone.now() + datetime.timedelta(seconds=60))

    assert (slow, dead) == ([], [submission.pk])


def test_a_queued_submission_whose_message_was_lost_is_sent_again_once(settings):
    submission = _submit()
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(seconds=settings.CHALLENGE_QUEUED_RESEND_SECONDS + 5)
    )

    assert (scoring.requeue_stuck_submissions(), scoring.requeue_stuck_submissions()) == ([submission.pk], [])


def _worker_environment(hold: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "symposium.settings.test",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"],
        "CHALLENGE_SCORING_HOLD_FILE": str(hold),
    }


def _start_scoring_worker(hold: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "celery", "-A", "symposium", "worker", "-Q", "scoring", "--concurrency", "1",
        "-n", f"scoring-test-{uuid.uuid4().hex[:8]}@%h", "-l", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=_worker_environment(hold), start_new_session=True)


def test_a_scoring_worker_killed_mid_score_leaves_the_submission_requeued_and_scored_once(tmp_path, settings):
    hold = tmp_path / "hold-scoring"
    hold.touch()
    worker = _start_scoring_worker(hold)
    try:
        submission = _submit()
        wait_for(lambda: _status(submission) == SubmissionStatus.SCORING, timeout=90, what="the worker's claim")
        os.killpg(worker.pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would, mid-score
        worker.wait()
        assert _status(submission) == SubmissionStatus.SCORING

        hold.unlink()
        worker = _start_scoring_worker(hold)
        settings.CHALLENGE_SCORING_STUCK_SECONDS = 0
        assert requeue_stuck_submissions_task() == 1  # what beat runs every minute
        wait_for(lambda: _status(submission) == SubmissionStatus.SCORED, timeout=90, what="the score")
        submission.refresh_from_db()

        # The killed worker's message, delivered again later, finds nothing to do.
        score_submission_task.delay(submission_id=submission.pk)
        assert scoring.score_submission(submission_id=submission.pk) == "skipped"
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)

    scored = Submission.objects.get(pk=submission.pk)
    assert (scored.status, scored.scoring_attempts, scored.scored_at) == (
        SubmissionStatus.SCORED,
        2,
        submission.scored_at,
    )
    assert (scored.public_score, scored.private_score) == pytest.approx(_expected(), abs=1e-12)


def test_beat_runs_the_re_queue_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-submissions"]

    assert (entry["schedule"], app.tasks[entry["task"]].name) == (60.0, "symposium.challenge.requeue_stuck_submissions")
