"""Celery tasks of the challenge: thin, ids only; the scoring service makes a repeat harmless."""

from celery import shared_task

from . import scoring


@shared_task(name="symposium.challenge.score_submission", acks_late=True)
def score_submission_task(*, submission_id: int) -> str:
    """Scores one queued submission, on the `scoring` queue (CELERY_TASK_ROUTES).

    A redelivered or repeated message does nothing: the submission is claimed (queued → scoring)
    in one UPDATE, and only the claim's holder writes the score.
    """
    return scoring.score_submission(submission_id=submission_id)


@shared_task(name="symposium.challenge.requeue_stuck_submissions", acks_late=True)
def requeue_stuck_submissions_task() -> int:
    """Puts back submissions a killed worker left `scoring`, and re-sends `queued` ones whose message was lost."""
    ids = scoring.requeue_stuck_submissions()
    for submission_id in ids:
        score_submission_task.delay(submission_id=submission_id)
    return len(ids)
