"""Writes of the challenge: teams, terms, submissions, final choices and results."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .enums import SUBMITTING_ROLES, SubmissionStatus
from .models import ChallengeTeam, Phase, Submission, TeamMember
from .predictions import answer_key_of, parse_answer_key, parse_predictions
from .tasks import score_submission_task

# --- scoring: answer keys, submissions and final choices ---


LIMIT_MESSAGES = {
    "challenge_daily_submission_limit": _(
        "Your team has used today's %(limit)d submissions for this phase; you can submit again tomorrow."
    ),
    "challenge_total_submission_limit": _("Your team has used all %(limit)d submissions of this phase."),
}


def _read_upload(upload, *, limit: int) -> bytes:
    """The uploaded file's bytes, refusing one over `limit` before reading it all."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; files of up to %(limit)s MB are accepted."),
            params={"size": f"{size / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:g}"},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB, the most accepted."),
            params={"limit": f"{limit / 1_048_576:g}"},
            code="too_big",
        )
    return data


def set_answer_key(*, phase: Phase, upload) -> Phase:
    """Checks an organiser's answer key (id, answer, usage) and stores it with its SHA-256 and row counts.

    Raises ValidationError with each problem and its line. The file goes to the private storage, which
    no URL serves. Submissions already scored keep their scores; score them again to use the new key.
    """
    data = _read_upload(upload, limit=settings.CHALLENGE_MAX_ANSWER_KEY_BYTES)
    key = parse_answer_key(data, metric=phase.metric)
    old_name = phase.answer_key.name if phase.answer_key else ""
    with transaction.atomic():
        phase = Phase.objects.select_for_update().get(pk=phase.pk)
        phase.answer_key.save(f"{phase.pk}-{key.sha256[:16]}.csv", ContentFile(data), save=False)
        phase.answer_key_sha256 = key.sha256
        phase.answer_rows = key.rows
        phase.public_answer_rows = key.public_rows
        phase.save(update_fields=["answer_key", "answer_key_sha256", "answer_rows", "public_answer_rows"])
        if old_name and old_name != phase.answer_key.name:
            storage = phase.answer_key.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return phase


def _printable(text: str) -> str:
    """Without control characters (PostgreSQL refuses NUL in text; the others only confuse a page)."""
    return "".join(character for character in text if character.isprintable()).strip()


def _submitting_member(*, team: ChallengeTeam, user) -> TeamMember:
    member = TeamMember.objects.filter(team=team, user=user).first() if user and user.is_authenticated else None
    if member is None:
        raise PermissionDenied("not a member of this team")
    if member.role not in SUBMITTING_ROLES:
        raise ValidationError(
            _("Faculty advisers are members who do not submit; a student of the team submits."), code="adviser"
        )
    return member


def _check_phase_open(phase: Phase, *, at: datetime.datetime) -> None:
    if at < phase.opens_at:
        raise ValidationError(_("This phase has not opened yet."), code="phase_not_open")
    if at >= phase.closes_at:
        raise ValidationError(_("This phase has closed; submissions are no longer accepted."), code="phase_closed")


def _limit_error(phase: Phase, constraint: str | None) -> ValidationError | None:
    message = LIMIT_MESSAGES.get(constraint or "")
    if message is None:
        return None
    limit = (
        phase.daily_submission_limit
        if constraint == "challenge_daily_submission_limit"
        else phase.total_submission_limit
    )
    return ValidationError(message, params={"limit": limit}, code="submission_limit")


def _constraint_of(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def submit_predictions(*, team: ChallengeTeam, phase: Phase, user, upload, description: str = "") -> Submission:
    """Takes a team's predictions file for a phase, checks it at once, stores it and queues its scoring.

    - `user` must be a submitting member (captain or member, not an adviser) of `team`: PermissionDenied
      for someone outside the team, ValidationError for an adviser.
    - The phase must be open and have an answer key; the file must be a valid predictions file (each
      problem with its line, in the active language).
    - The daily and total limits are kept by the database under the team's row lock, so of two members
      submitting the last allowed file at once one is accepted and the other gets the limit's message.
    - A double tap: the same file (by SHA-256) from the same team and phase within
      CHALLENGE_REPEAT_UPLOAD_SECONDS returns the first submission instead of a second one.
    - Scoring is queued (on the `scoring` queue) once the submission is committed.
    """
    now = timezone.now()
    if phase.challenge_id != team.challenge_id:
        raise PermissionDenied("phase of another challenge")
    _submitting_member(team=team, user=user)
    _check_phase_open(phase, at=now)
    if not phase.answer_key_sha256:
        raise ValidationError(_("This phase cannot be scored yet: the organisers have not set its answer key."))
    data = _read_upload(upload, limit=settings.CHALLENGE_MAX_PREDICTIONS_BYTES)
    predictions = parse_predictions(data, phase=phase, answer_key=answer_key_of(phase))
    original_name = _printable((getattr(upload, "name", "") or "").rsplit("/", 1)[-1])[:255] or "predictions.csv"
    submitted_on = timezone.localtime(now, phase.challenge.event.zone).date()
    stored = None
    try:
        with transaction.atomic():
            # The trigger takes this lock too; taking it first makes the double-tap check below race-free.
            ChallengeTeam.objects.select_for_update().filter(pk=team.pk).first()
            repeat = (
                Submission.objects.filter(
                    team=team,
                    phase=phase,
                    sha256=predictions.sha256,
                    submitted_at__gte=now - datetime.timedelta(seconds=settings.CHALLENGE_REPEAT_UPLOAD_SECONDS),
                )
                .exclude(status=SubmissionStatus.FAILED)
                .first()
            )
            if repeat is not None:
                return repeat
            submission = Submission(
                team=team,
                phase=phase,
                submitted_by=user,
                original_name=original_name,
                sha256=predictions.sha256,
                rows=predictions.rows,
                description=_printable(description)[:200],
                submitted_at=now,
                submitted_on=submitted_on,
            )
            submission.file.save(f"{phase.pk}/{team.pk}/{uuid.uuid4().hex}.csv", ContentFile(data), save=False)
            stored = submission.file.name
            submission.save()
            # Robust: with the broker down the submission stands, and the beat's re-queue sends it later.
            pk = submission.pk
            transaction.on_commit(lambda: score_submission_task.delay(submission_id=pk), robust=True)
    except IntegrityError as error:
        if stored:
            submission.file.storage.delete(stored)
        limit_error = _limit_error(phase, _constraint_of(error))
        if limit_error is None:
            raise
        raise limit_error from error
    return submission


def choose_final_submissions(*, team: ChallengeTeam, phase: Phase, submission_ids, user) -> list[Submission]:
    """Makes exactly these scored submissions the team's final choices for the phase (replacing earlier ones).

    Any member of the team who may submit chooses, until the phase closes. At most the challenge's
    `final_submissions_per_team`; the database keeps that under the team's lock as well.
    """
    if phase.challenge_id != team.challenge_id:
        raise PermissionDenied("phase of another challenge")
    _submitting_member(team=team, user=user)
    if timezone.now() >= phase.closes_at:
        raise ValidationError(_("This phase has closed; the final choices can no longer change."), code="phase_closed")
    wanted = {int(pk) for pk in submission_ids}
    allowed = phase.challenge.final_submissions_per_team
    if len(wanted) > allowed:
        raise ValidationError(
            ngettext_lazy(
                "Choose at most %(count)d final submission.", "Choose at most %(count)d final submissions.", "count"
            ),
            params={"count": allowed},
            code="final_choice_limit",
        )
    with transaction.atomic():
        ChallengeTeam.objects.select_for_update().filter(pk=team.pk).first()
        chosen = list(Submission.objects.filter(team=team, phase=phase, pk__in=wanted))
        if len(chosen) != len(wanted):
            raise ValidationError(_("Choose among your team's own submissions of this phase."), code="not_yours")
        if any(submission.status != SubmissionStatus.SCORED for submission in chosen):
            raise ValidationError(_("Only scored submissions can be chosen for the final ranking."), code="unscored")
        Submission.objects.filter(team=team, phase=phase, is_final_choice=True).exclude(pk__in=wanted).update(
            is_final_choice=False
        )
        try:
            with transaction.atomic():
                for submission in chosen:
                    if not submission.is_final_choice:
                        submission.is_final_choice = True
                        submission.save(update_fields=["is_final_choice"])
        except IntegrityError as error:
            if _constraint_of(error) != "challenge_final_choice_limit":
                raise
            raise ValidationError(
                ngettext_lazy(
                    "Choose at most %(count)d final submission.",
                    "Choose at most %(count)d final submissions.",
                    "count",
                ),
                params={"count": allowed},
                code="final_choice_limit",
            ) from error
    return chosen
