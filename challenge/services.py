"""Writes of the challenge: teams, terms, submissions, final choices and results."""

from __future__ import annotations

import datetime
import hashlib
import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from events.enums import AttendeeCategory
from mail.outbox import queue_rendered_email
from people.selectors import get_attendee_profile
from registration.selectors import has_live_registration

from . import leaderboards
from .enums import SUBMITTING_ROLES, MemberRole, SubmissionStatus
from .models import (
    Award,
    Challenge,
    ChallengeTeam,
    DataFile,
    Phase,
    Submission,
    TalentPoolConsent,
    TeamInvitation,
    TeamMember,
    TermsAcceptance,
)
from .predictions import answer_key_of, parse_answer_key, parse_predictions
from .scoring import failure_code, reason_in_both_languages
from .selectors import addressed_to, final_phase, winning_team_of
from .signals import submission_scored
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
                repeat.is_repeat = True  # the page says it already has this file rather than "received"
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


# --- team pages: teams, invitations, terms ---

# Who may hold each role: students make up the team; faculty may join as advisers, who do not submit.
CATEGORY_FOR_ROLE = {
    MemberRole.CAPTAIN: AttendeeCategory.STUDENT,
    MemberRole.MEMBER: AttendeeCategory.STUDENT,
    MemberRole.ADVISER: AttendeeCategory.FACULTY,
}


def _constraint_name(error: IntegrityError) -> str:
    """The name of the constraint (or the trigger's rule) the database refused the write by."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or ""


def _team_rule_error(error: IntegrityError, *, team_name: str = "") -> ValidationError:
    name = _constraint_name(error)
    if name == "challenge_one_team_per_person":
        return ValidationError(gettext("You are already on a team of this challenge."), code="other_team")
    if name == "challenge_team_size_limit":
        return ValidationError(gettext("The team is full."), code="team_full")
    if name == "challenge_team_name_once":
        return ValidationError(
            gettext("A team called “%(name)s” already exists; choose another name."),
            code="name_taken",
            params={"name": team_name},
        )
    raise error


def _check_may_join(*, challenge: Challenge, user, role: str, graduate_school_id: int | None = None):
    """The person's profile if they may be on a team of the challenge in the role; ValidationError if not."""
    if not has_live_registration(event=challenge.event, user=user):
        raise ValidationError(
            gettext("Register for the event first: teams are for registered attendees."), code="register"
        )
    profile = get_attendee_profile(user)
    if profile is None or profile.graduate_school_id is None:
        raise ValidationError(
            gettext("Add your AI graduate school to your profile first: a team belongs to one graduate school."),
            code="no_school",
        )
    if profile.category != CATEGORY_FOR_ROLE[role]:
        if role == MemberRole.ADVISER:
            message = gettext("Only faculty may join as advisers; your profile does not say you are faculty.")
        elif profile.category == AttendeeCategory.FACULTY:
            message = gettext("Teams are made of students: faculty may join a team as its adviser when invited.")
        else:
            message = gettext(
                "Teams are made of graduate-school students; your profile does not say you are a student."
            )
        raise ValidationError(message, code="category")
    if graduate_school_id is not None and profile.graduate_school_id != graduate_school_id:
        raise ValidationError(
            gettext("This team belongs to another graduate school; members must be of the team's school."),
            code="school_mismatch",
        )
    return profile


def _membership(*, challenge: Challenge, user) -> TeamMember | None:
    return TeamMember.objects.select_related("team").filter(challenge=challenge, user=user).first()


@transaction.atomic
def create_team(*, challenge: Challenge, user, name: str) -> ChallengeTeam:
    """Creates a team of the person's graduate school with them as its captain.

    The person must be registered for the event, a student, with a graduate school on their profile. A repeated
    submit (a double tap) returns the team they already captain under that name; the database refuses a second
    team per person and a name taken in the challenge (case-insensitive), and both are told in the person's words.
    """
    # Control and direction-changing characters (U+202E...) would garble the leaderboard and emails around it.
    name = " ".join(_printable(" ".join(name.split())).split())
    if not name:
        raise ValidationError(gettext("Give your team a name."), code="name_missing")
    existing = _membership(challenge=challenge, user=user)
    if existing is not None:
        if existing.team.name.casefold() == name.casefold():
            return existing.team
        raise ValidationError(
            gettext("You are already on the team “%(team)s” of this challenge."),
            code="other_team",
            params={"team": existing.team.name},
        )
    profile = _check_may_join(challenge=challenge, user=user, role=MemberRole.CAPTAIN)
    team = ChallengeTeam(challenge=challenge, name=name, graduate_school_id=profile.graduate_school_id)
    team.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            team.save()
            TeamMember.objects.create(team=team, challenge=challenge, user=user, role=MemberRole.CAPTAIN)
    except IntegrityError as error:
        # Two taps at once: the other one made this person's team first (the database waited for it to commit).
        existing = _membership(challenge=challenge, user=user)
        if existing is not None and existing.team.name.casefold() == name.casefold():
            return existing.team
        raise _team_rule_error(error, team_name=name) from None
    return team


def _captain_only(*, team: ChallengeTeam, user) -> None:
    if not TeamMember.objects.filter(team=team, user=user, role=MemberRole.CAPTAIN).exists():
        raise ValidationError(gettext("Only the team's captain may do this."), code="not_captain")


def invitation_url(invitation: TeamInvitation) -> str:
    event = invitation.team.challenge.event
    return settings.SITE_URL + reverse(
        "challenge:invitation", kwargs={"event_slug": event.slug, "token": invitation.token}
    )


def _invitee_language(email: str) -> str:
    """The invitee's own language if they have an account; otherwise the captain's, who knows them."""
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address is not None:
        return address.user.preferred_language
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def invite_member(*, team: ChallengeTeam, by, email: str, role: str = MemberRole.MEMBER) -> TeamInvitation:
    """The captain invites an address to the team, as a member or a faculty adviser; emails the link after commit.

    Inviting the same address again while its invitation is open returns that invitation (and sends nothing
    more). Whether the invitee may join (school, registration, another team) is checked when they accept.
    """
    team = ChallengeTeam.objects.select_for_update().select_related("challenge__event").get(pk=team.pk)
    _captain_only(team=team, user=by)
    email = email.strip()
    if role not in (MemberRole.MEMBER, MemberRole.ADVISER):
        raise ValidationError(gettext("Choose whether you invite a member or an adviser."), code="role")
    if TeamMember.objects.filter(team=team, user__email__iexact=email).exists():
        raise ValidationError(gettext("%(email)s is already on your team."), code="member", params={"email": email})
    if TeamMember.objects.filter(team=team).count() >= team.challenge.max_team_size:
        raise ValidationError(gettext("The team is full."), code="team_full")
    invitation = TeamInvitation.objects.filter(
        team=team, email__iexact=email, accepted_at__isnull=True, declined_at__isnull=True
    ).first()
    if invitation is not None:
        return invitation
    invitation = TeamInvitation(team=team, email=email, role=role, invited_by=by)
    invitation.full_clean(validate_constraints=False)
    invitation.save()
    language = _invitee_language(email)
    profile = get_attendee_profile(by)
    queue_rendered_email(
        template="challenge/email/team_invitation",
        context={
            "team": team,
            "challenge": team.challenge,
            "event": team.challenge.event,
            "captain": profile.full_name if profile else by.email,
            "role": role,
            "url": invitation_url(invitation),
        },
        kind="challenge_team_invitation",
        recipient=invitation.email,
        object_key=f"challenge-team-invitation:{invitation.token}",
        language=language,
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: TeamInvitation, user) -> TeamMember:
    """The invited person joins the team; returns their membership (the same one on a repeated accept).

    The signed-in person must have verified the invited address, be registered for the event, of the team's
    graduate school and of the role's category, and on no other team of the challenge. The database has the last
    word on one team per person and the team's size, both told in the person's words.
    """
    invitation = (
        TeamInvitation.objects.select_for_update().select_related("team__challenge__event").get(pk=invitation.pk)
    )
    team = invitation.team
    if not addressed_to(invitation, user):
        raise ValidationError(
            gettext("This invitation is for %(email)s: sign in with that address (and confirm it) to accept."),
            code="wrong_person",
            params={"email": invitation.email},
        )
    member = TeamMember.objects.filter(team=team, user=user).first()
    if invitation.accepted_at is not None and member is not None:
        return member
    if invitation.declined_at is not None:
        raise ValidationError(gettext("You declined this invitation; ask the captain for a new one."), code="declined")
    if invitation.accepted_at is not None:
        raise ValidationError(gettext("This invitation was used already; ask the captain for a new one."), code="used")
    other = _membership(challenge=team.challenge, user=user)
    if other is not None:
        raise ValidationError(
            gettext("You are already on the team “%(team)s” of this challenge."),
            code="other_team",
            params={"team": other.team.name},
        )
    _check_may_join(
        challenge=team.challenge, user=user, role=invitation.role, graduate_school_id=team.graduate_school_id
    )
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(team=team, challenge=team.challenge, user=user, role=invitation.role)
    except IntegrityError as error:
        raise _team_rule_error(error) from None
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return member


@transaction.atomic
def decline_invitation(*, invitation: TeamInvitation, user) -> TeamInvitation:
    """The invited person says no; a repeated decline changes nothing."""
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not addressed_to(invitation, user):
        raise ValidationError(
            gettext("This invitation is for %(email)s: sign in with that address (and confirm it) to answer."),
            code="wrong_person",
            params={"email": invitation.email},
        )
    if invitation.accepted_at is not None:
        raise ValidationError(gettext("You accepted this invitation already; leave the team instead."), code="accepted")
    if invitation.declined_at is None:
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])
    return invitation


@transaction.atomic
def _next_captain(team_id: int, leaving_user_id: int) -> TeamMember | None:
    """Who leads the team when its captain goes: the earliest-joined student who stays."""
    return (
        TeamMember.objects.filter(team_id=team_id)
        .exclude(user_id=leaving_user_id)
        .exclude(role=MemberRole.ADVISER)
        .order_by("joined_at", "id")
        .first()
    )


def leave_team(*, team: ChallengeTeam, user) -> ChallengeTeam | None:
    """The person leaves the team; returns the team, or None when it was disbanded.

    A captain who leaves hands the captaincy to the earliest-joined student member. A team left with no student
    is disbanded (its advisers leave with it) unless it has submitted: submissions are part of the leaderboard,
    so its last student stays until the organisers decide. Leaving twice is no error.
    """
    team = ChallengeTeam.objects.select_for_update().get(pk=team.pk)
    member = TeamMember.objects.filter(team=team, user=user).first()
    if member is None:
        return team
    successor = _next_captain(team.pk, user.pk)
    if successor is None and member.role != MemberRole.ADVISER:
        if team.submissions.exists():
            raise ValidationError(
                gettext(
                    "You are the team's last student and it has submitted: write to the organisers to withdraw it."
                ),
                code="last_with_submissions",
            )
        team.delete()
        return None
    was_captain = member.role == MemberRole.CAPTAIN
    member.delete()
    if was_captain:
        successor.role = MemberRole.CAPTAIN
        successor.save(update_fields=["role"])
    return team


def accept_terms(*, challenge: Challenge, user) -> TermsAcceptance:
    """Records that the person accepted the challenge's current data-use terms; once per version.

    Only registered attendees of the event accept (the data is for the challenge's participants).
    """
    if not has_live_registration(event=challenge.event, user=user):
        raise ValidationError(
            gettext("Register for the event first: the data is for registered attendees."), code="register"
        )
    try:
        with transaction.atomic():
            acceptance, _created = TermsAcceptance.objects.get_or_create(
                challenge=challenge, user=user, version=challenge.terms_version
            )
    except IntegrityError:  # the same tap twice at once: the other one recorded it
        acceptance = TermsAcceptance.objects.get(challenge=challenge, user=user, version=challenge.terms_version)
    return acceptance


# --- results ---


def publish_results(*, challenge: Challenge) -> Challenge:
    """Computes the final ranking from the final phase's private scores, stores each team's
    `final_rank` and sets `results_published_at`: from then on the ranking is public.

    Under the challenge's row lock; publishing again changes nothing (the first ranking stands).
    Refused while the final phase is still open.
    """
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().select_related("event").get(pk=challenge.pk)
        if challenge.results_published_at is not None:
            return challenge
        phase = final_phase(challenge)
        if phase is None:
            raise ValidationError(gettext("The challenge has no phase to rank."))
        if phase.closes_at > timezone.now():
            raise ValidationError(gettext("The final phase is still open: results can be published once it closes."))
        ranking = leaderboards.compute_final_ranking(phase)
        ChallengeTeam.objects.filter(challenge=challenge).update(final_rank=None)
        ChallengeTeam.objects.bulk_update(
            [ChallengeTeam(pk=standing.team_id, final_rank=standing.rank) for standing in ranking],
            ["final_rank"],
            batch_size=500,
        )
        challenge.results_published_at = timezone.now()
        challenge.save(update_fields=["results_published_at"])
        leaderboards.retire_results(challenge.event_id)
    return challenge


def record_award(
    *,
    challenge: Challenge,
    final_rank: int,
    name_ko: str,
    name_en: str,
    prize_krw: int | None = None,
    benefits_ko: str = "",
    benefits_en: str = "",
    order: int | None = None,
) -> Award:
    """Gives the award (by its Korean name, once per challenge) to the team of that final rank.

    Only after the results are published (the ranks exist then). Recording the same award again
    moves it to the team of the given rank and updates its prize and benefits.
    """
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.results_published_at is None:
            raise ValidationError(gettext("Publish the results first: awards go to final ranks."))
        team = ChallengeTeam.objects.filter(challenge=challenge, final_rank=final_rank).first()
        if team is None:
            raise ValidationError(gettext("No team has the final rank %(rank)s.") % {"rank": final_rank})
        award = Award.objects.filter(challenge=challenge, name_ko=name_ko).first() or Award(
            challenge=challenge, name_ko=name_ko
        )
        award.team = team
        award.name_en = name_en
        award.prize_krw = prize_krw
        award.benefits_ko = benefits_ko
        award.benefits_en = benefits_en
        award.order = final_rank if order is None else order
        award.full_clean()
        award.save()
        leaderboards.retire_results(challenge.event_id)
    return award


def record_talent_pool_consent(*, challenge: Challenge, user, granted: bool) -> TalentPoolConsent:
    """Records a grant or a withdrawal of the person's consent to the data provider's talent pool.

    A new row each time (never edited; the latest is in force); the same answer to the same text
    again returns the row in force. Only a winner may grant; anyone with a grant may withdraw.
    """
    with transaction.atomic():
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        latest = (
            TalentPoolConsent.objects.filter(challenge=challenge, user=user).order_by("-recorded_at", "-id").first()
        )
        if latest is not None and latest.granted == granted and latest.text_version == challenge.talent_pool_version:
            return latest
        if granted and winning_team_of(challenge, user) is None:
            raise ValidationError(gettext("Only members of an awarded team may join the talent pool."))
        if not granted and (latest is None or not latest.granted):
            raise ValidationError(gettext("You have not joined the talent pool."))
        return TalentPoolConsent.objects.create(
            challenge=challenge,
            user=user,
            granted=granted,
            text_version=challenge.talent_pool_version,
            company_name=challenge.data_provider.name,
        )


# --- operations ---


# The failure code of a submission the organisers disqualified (challenge.scoring stores codes with the words).
DISQUALIFIED = "disqualified"


def is_disqualified(submission: Submission) -> bool:
    return submission.status == SubmissionStatus.FAILED and failure_code(submission) == DISQUALIFIED


def _queue_for_scoring(submission_ids: list[int]) -> None:
    # The task is routed to the scoring queue (CELERY_TASK_ROUTES); the stuck-submission sweep re-sends lost ones.
    for submission_id in submission_ids:
        score_submission_task.delay(submission_id=submission_id)


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
            if is_disqualified(submission):  # the organisers' decision: scoring again does not undo it
                continue
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
        raise ValidationError(gettext("Say why, so the team knows."))
    words = ValidationError(_("Disqualified by the organisers: %(reason)s"), params={"reason": reason})
    stored = reason_in_both_languages(DISQUALIFIED, [words])
    with transaction.atomic():
        changed = list(submissions.exclude(status=SubmissionStatus.FAILED, failure_reason=stored).order_by("pk"))
        Submission.objects.filter(pk__in=[s.pk for s in changed]).update(
            status=SubmissionStatus.FAILED, failure_reason=stored, public_score=None, private_score=None
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


# --- operations: personal data (common.personal_data) ---


def _hand_over_captaincy(team_id: int, leaving_user_id: int) -> None:
    """The earliest student who stays becomes captain (advisers never lead: they may not submit)."""
    successor = _next_captain(team_id, leaving_user_id)
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
