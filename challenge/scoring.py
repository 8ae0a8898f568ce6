"""Scoring a submission on the scoring worker: claim it, score it, record the score once.

The claim is one UPDATE from `queued` to `scoring` that adds an attempt; a redelivered message, a
second worker or a re-queued duplicate finds nothing to claim and does nothing. The result is written
only if the submission is still under that same attempt, so a worker that was presumed dead and
comes back cannot overwrite a later attempt. A worker killed mid-score leaves the submission
`scoring`; `requeue_stuck_submissions` (beat, every minute) puts it back in the queue, and after
CHALLENGE_SCORING_MAX_ATTEMPTS it fails instead of looping.

Why a submission failed is stored in both languages (the reason's words are made at failure time,
for whoever reads them later): `failure_message(submission)` gives the reader's.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DurationField, ExpressionWrapper, F, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import metrics, scripts
from .enums import SubmissionStatus
from .models import Submission
from .predictions import answer_key_of, parse_predictions
from .signals import submission_scored

logger = logging.getLogger(__name__)
LANGUAGES = ("ko", "en")


class ScoringFailed(Exception):
    """The file cannot be scored, for a reason its team should read: (message, params)."""

    def __init__(self, code: str, messages: list) -> None:
        super().__init__(code)
        self.code = code
        self.messages = messages  # lazy strings or ValidationErrors, rendered in each language


def _render(messages: list) -> str:
    lines = []
    for message in messages:
        if isinstance(message, ValidationError):
            lines.extend(message.messages)
        else:
            lines.append(str(message))
    return "\n".join(lines)


def reason_in_both_languages(code: str, messages: list) -> str:
    """What failure_reason stores: a code and the reason's words in Korean and English."""
    reason = {"code": code}
    for language in LANGUAGES:
        with translation.override(language):
            reason[language] = _render(messages)
    return json.dumps(reason, ensure_ascii=False)


def failure_code(submission: Submission) -> str:
    """The code of why the submission failed ("" for a reason stored as plain words, or none)."""
    try:
        reason = json.loads(submission.failure_reason or "")
    except ValueError:
        return ""
    return reason.get("code", "") if isinstance(reason, dict) else ""


def failure_message(submission: Submission) -> str:
    """Why the submission failed, in the active language (empty unless it failed)."""
    if not submission.failure_reason:
        return ""
    try:
        reason = json.loads(submission.failure_reason)
    except ValueError:
        return submission.failure_reason
    language = "en" if (translation.get_language() or "ko").startswith("en") else "ko"
    return reason.get(language) or reason.get("ko") or ""


def _claim(submission_id: int) -> Submission | None:
    claimed = Submission.objects.filter(pk=submission_id, status=SubmissionStatus.QUEUED).update(
        status=SubmissionStatus.SCORING, scoring_attempts=F("scoring_attempts") + 1, scoring_started_at=timezone.now()
    )
    if not claimed:
        return None
    return Submission.objects.select_related("phase__challenge__event", "team").get(pk=submission_id)


def _hold_for_tests() -> None:
    """Tests that kill a worker mid-score hold it here while a file exists (the setting is test-only)."""
    hold = getattr(settings, "CHALLENGE_SCORING_HOLD_FILE", "")
    while hold and os.path.exists(hold):
        time.sleep(0.05)


def compute_scores(submission: Submission) -> tuple[float, float]:
    """(public, private) for the submission's file against its phase's answer key; raises ScoringFailed."""
    phase = submission.phase
    try:
        answer_key = answer_key_of(phase)
        with submission.file.open("rb") as stored:
            data = stored.read()
        predictions = parse_predictions(data, phase=phase, answer_key=answer_key)
    except ValidationError as error:
        raise ScoringFailed("invalid_file", [error]) from error
    if phase.scoring_script:
        return scripts.score_with_script(phase=phase, answer_key=answer_key, data=data)
    try:
        return metrics.score_parts(answer_key, predictions)
    except ValueError as error:
        raise ScoringFailed("metric", [_("The metric cannot be computed for this file.")]) from error


def score_submission(*, submission_id: int) -> str:
    """Scores the submission if it is queued; returns what happened (scored, failed, skipped, superseded)."""
    submission = _claim(submission_id)
    if submission is None:
        return "skipped"
    attempt = submission.scoring_attempts
    _hold_for_tests()
    fields: dict
    try:
        public, private = compute_scores(submission)
        fields = {"status": SubmissionStatus.SCORED, "public_score": public, "private_score": private}
    except ScoringFailed as failure:
        fields = {
            "status": SubmissionStatus.FAILED,
            "failure_reason": reason_in_both_languages(failure.code, failure.messages),
        }
    except scripts.ScriptFailed as failure:
        fields = {
            "status": SubmissionStatus.FAILED,
            "failure_reason": reason_in_both_languages(
                "script", [ValidationError(failure.message, params=failure.params)]
            ),
        }
    if not _record(submission_id, attempt=attempt, fields=fields):
        return "superseded"
    return str(fields["status"])


def _record(submission_id: int, *, attempt: int, fields: dict) -> bool:
    """Writes the outcome if the submission is still under this attempt; sends submission_scored on commit."""
    with transaction.atomic():
        written = Submission.objects.filter(
            pk=submission_id, status=SubmissionStatus.SCORING, scoring_attempts=attempt
        ).update(scored_at=timezone.now(), **fields)
        if written and fields["status"] == SubmissionStatus.SCORED:
            transaction.on_commit(
                lambda: submission_scored.send(sender=Submission, submission=Submission.objects.get(pk=submission_id))
            )
    return bool(written)


def _stuck(now: datetime.datetime):
    """Submissions `scoring` for longer than CHALLENGE_SCORING_STUCK_SECONDS, plus twice the phase's script time limit
    where the phase has a scoring script (it runs once per part), so a slow script is not taken for a dead worker."""
    script_seconds = Case(
        When(phase__scoring_script="", then=Value(0)), default=F("phase__script_time_limit_seconds") * 2
    )
    allowance = ExpressionWrapper(
        (Value(settings.CHALLENGE_SCORING_STUCK_SECONDS) + script_seconds) * Value(datetime.timedelta(seconds=1)),
        output_field=DurationField(),
    )
    return (
        Submission.objects.filter(status=SubmissionStatus.SCORING)
        .annotate(given_up_at=F("scoring_started_at") + allowance)
        .filter(given_up_at__lt=now)
    )


def requeue_stuck_submissions(*, now: datetime.datetime | None = None) -> list[int]:
    """The ids to hand to the scoring queue again: stuck `scoring` ones put back to `queued`, and old `queued` ones.

    A submission that has used CHALLENGE_SCORING_MAX_ATTEMPTS fails instead (a file that kills its
    worker every time must not loop). A `queued` one is re-sent at most once per
    CHALLENGE_QUEUED_RESEND_SECONDS, so a long queue is not flooded with copies; the claim makes any copy harmless.
    A worker that was only slow and finishes after its submission was put back writes nothing (see _record).
    """
    now = now or timezone.now()
    attempts = settings.CHALLENGE_SCORING_MAX_ATTEMPTS
    stuck = list(_stuck(now).values_list("pk", "scoring_attempts"))
    gave_up = [pk for pk, tried in stuck if tried >= attempts]
    requeued = [pk for pk, tried in stuck if tried < attempts]
    if gave_up:
        reason = reason_in_both_languages(
            "attempts", [_("The file could not be scored: scoring stopped part-way several times.")]
        )
        Submission.objects.filter(pk__in=gave_up, status=SubmissionStatus.SCORING).update(
            status=SubmissionStatus.FAILED, failure_reason=reason, scored_at=now
        )
    if requeued:
        Submission.objects.filter(pk__in=requeued, status=SubmissionStatus.SCORING).update(
            status=SubmissionStatus.QUEUED
        )
    waiting_since = now - datetime.timedelta(seconds=settings.CHALLENGE_QUEUED_RESEND_SECONDS)
    waiting = Submission.objects.filter(status=SubmissionStatus.QUEUED, submitted_at__lt=waiting_since).exclude(
        pk__in=requeued
    )
    resend = [
        pk
        for pk in waiting.values_list("pk", flat=True)
        if cache.add(f"challenge:resent:{pk}", 1, timeout=settings.CHALLENGE_QUEUED_RESEND_SECONDS)
    ]
    if requeued or resend:
        logger.info("re-queued %d stuck submissions, re-sent %d queued ones", len(requeued), len(resend))
    return [*requeued, *resend]
