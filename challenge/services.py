"""Writes of the challenge: teams, terms, submissions, final choices and results."""

from __future__ import annotations

import csv
import hashlib
import io

from allauth.account.models import EmailAddress
from celery import current_app
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from .enums import AnswerUsage, MemberRole, SubmissionStatus
from .models import DataFile, Phase, Submission, TalentPoolConsent, TeamInvitation, TeamMember, TermsAcceptance
from .signals import submission_scored

# --- operations ---

# The scoring worker's task and queue (challenge/tasks.py on the scoring branch).
SCORING_TASK = "symposium.challenge.score_submission"
SCORING_QUEUE = "scoring"


def _queue_for_scoring(submission_ids: list[int]) -> None:
    # TODO: once the scoring branch is merged, call challenge.tasks' task directly (delay_on_commit).
    for submission_id in submission_ids:
        current_app.send_task(SCORING_TASK, kwargs={"submission_id": submission_id}, queue=SCORING_QUEUE)


def _retire_leaderboards(submissions: list[Submission]) -> None:
    for submission in submissions:
        submission_scored.send(sender=Submission, submission=submission)


def rescore_submissions(*, submissions) -> int:
    """Puts the submissions back in the scoring queue (an organiser changed the answer key, a worker failed).

    Each one's scores and failure go, its status becomes queued, and one scoring task per submission
    is sent once the change is committed. A failed submission that no longer fits the team's limits
    is left as it is (the database refuses it); returns how many were queued.
    """
    queued: list[Submission] = []
    with transaction.atomic():
        for submission in submissions.order_by("pk"):
            try:
                with transaction.atomic():
                    Submission.objects.filter(pk=submission.pk).update(
                        status=SubmissionStatus.QUEUED,
                        failure_reason="",
                        public_score=None,
                        private_score=None,
                        scoring_started_at=None,
                        scored_at=None,
                    )
            except IntegrityError:  # a failed one brought back over the team's limits: the trigger refuses it
                continue
            queued.append(submission)
        ids = [submission.pk for submission in queued]
        transaction.on_commit(lambda: (_queue_for_scoring(ids), _retire_leaderboards(queued)))
    return len(queued)


def mark_submissions_failed(*, submissions, reason: str) -> int:
    """Disqualifies the submissions: failed with the organiser's reason, off the leaderboards, not counted
    in the team's limits. Returns how many changed."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why, so the team knows."))
    with transaction.atomic():
        changed = list(submissions.exclude(status=SubmissionStatus.FAILED, failure_reason=reason).order_by("pk"))
        Submission.objects.filter(pk__in=[s.pk for s in changed]).update(
            status=SubmissionStatus.FAILED, failure_reason=reason, public_score=None, private_score=None
        )
        transaction.on_commit(lambda: _retire_leaderboards(changed))
    return len(changed)


def record_data_file_digest(*, data_file: DataFile) -> DataFile:
    """Stores the file's size and SHA-256, so participants can check what they downloaded."""
    digest = hashlib.sha256()
    size = 0
    with data_file.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    DataFile.objects.filter(pk=data_file.pk).update(size=size, sha256=digest.hexdigest())
    data_file.size, data_file.sha256 = size, digest.hexdigest()
    return data_file


# TEMPORARY until the scoring branch is merged: its set_answer_key parses and validates the key in full.
def set_answer_key(*, phase: Phase, upload) -> Phase:
    """Saves the phase's answer key (CSV: id, answer, usage) with its row counts and SHA-256."""
    data = upload.read()
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    except UnicodeDecodeError:
        raise ValidationError(_("The answer key must be a UTF-8 CSV file.")) from None
    if not rows or "usage" not in rows[0]:
        raise ValidationError(_("The answer key needs a usage column (public or private)."))
    usages = [row["usage"].strip().lower() for row in rows]
    unknown = next((line for line, usage in enumerate(usages, start=2) if usage not in AnswerUsage.values), None)
    if unknown is not None:
        raise ValidationError(_("Line %(line)d: the usage must be public or private.") % {"line": unknown})
    with transaction.atomic():
        phase.answer_key.save(f"phase-{phase.pk}.csv", io.BytesIO(data), save=False)
        phase.answer_key_sha256 = hashlib.sha256(data).hexdigest()
        phase.answer_rows = len(rows)
        phase.public_answer_rows = usages.count(AnswerUsage.PUBLIC)
        phase.save(update_fields=["answer_key", "answer_key_sha256", "answer_rows", "public_answer_rows"])
    return phase


# --- operations: personal data (common.personal_data) ---


def _hand_over_captaincy(team_id: int, leaving_user_id: int) -> None:
    """The earliest member who stays (a submitting one before an adviser) becomes captain."""
    successor = (
        TeamMember.objects.filter(team_id=team_id)
        .exclude(user_id=leaving_user_id)
        # Advisers may not submit: a student leads if there is one.
        .order_by(
            Case(When(role=MemberRole.ADVISER, then=Value(1)), default=Value(0), output_field=IntegerField()),
            "joined_at",
            "id",
        )
        .first()
    )
    TeamMember.objects.filter(team_id=team_id, user_id=leaving_user_id).update(role=MemberRole.MEMBER)
    if successor is not None:
        TeamMember.objects.filter(pk=successor.pk).update(role=MemberRole.CAPTAIN)


def erase_challenge_person(user) -> None:
    """A deleted account leaves its teams (a captain's team gets the earliest remaining member as captain);
    its submissions stay with the team, nobody's (so leaderboards and counts hold); its terms acceptances,
    talent pool consents and invitations to its addresses go."""
    for membership in TeamMember.objects.select_for_update().filter(user=user, role=MemberRole.CAPTAIN):
        _hand_over_captaincy(membership.team_id, user.pk)
    TeamMember.objects.filter(user=user).delete()
    Submission.objects.filter(submitted_by=user).update(submitted_by=None)
    TermsAcceptance.objects.filter(user=user).delete()
    TalentPoolConsent.objects.filter(user=user).delete()
    TeamInvitation.objects.filter(invited_by=user).update(invited_by=None)
    addresses = {user.email.lower(), *(a.lower() for a in _addresses(user))}
    for address in addresses:
        TeamInvitation.objects.filter(email__iexact=address).delete()


def _addresses(user) -> list[str]:
    return list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))


def forget_challenge_event(event, emails: set[str]) -> None:
    """The event's retention is over: its challenge keeps teams, scores and awards as counts, without people."""
    teams = {"team__challenge__event": event}
    Submission.objects.filter(**teams).update(submitted_by=None)
    TeamInvitation.objects.filter(**teams).delete()
    TeamMember.objects.filter(**teams).delete()
    TermsAcceptance.objects.filter(challenge__event=event).delete()
    TalentPoolConsent.objects.filter(challenge__event=event).delete()
