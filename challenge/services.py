"""Writes of the challenge: teams, terms, submissions, final choices and results."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.enums import AttendeeCategory
from mail.outbox import queue_rendered_email
from people.selectors import get_attendee_profile
from registration.selectors import has_live_registration

from .enums import MemberRole
from .models import Challenge, ChallengeTeam, TeamInvitation, TeamMember, TermsAcceptance
from .selectors import addressed_to

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
        return ValidationError(_("You are already on a team of this challenge."), code="other_team")
    if name == "challenge_team_size_limit":
        return ValidationError(_("The team is full."), code="team_full")
    if name == "challenge_team_name_once":
        return ValidationError(
            _("A team called “%(name)s” already exists; choose another name."),
            code="name_taken",
            params={"name": team_name},
        )
    raise error


def _check_may_join(*, challenge: Challenge, user, role: str, graduate_school_id: int | None = None):
    """The person's profile if they may be on a team of the challenge in the role; ValidationError if not."""
    if not has_live_registration(event=challenge.event, user=user):
        raise ValidationError(_("Register for the event first: teams are for registered attendees."), code="register")
    profile = get_attendee_profile(user)
    if profile is None or profile.graduate_school_id is None:
        raise ValidationError(
            _("Add your AI graduate school to your profile first: a team belongs to one graduate school."),
            code="no_school",
        )
    if profile.category != CATEGORY_FOR_ROLE[role]:
        if role == MemberRole.ADVISER:
            message = _("Only faculty may join as advisers; your profile does not say you are faculty.")
        elif profile.category == AttendeeCategory.FACULTY:
            message = _("Teams are made of students: faculty may join a team as its adviser when invited.")
        else:
            message = _("Teams are made of graduate-school students; your profile does not say you are a student.")
        raise ValidationError(message, code="category")
    if graduate_school_id is not None and profile.graduate_school_id != graduate_school_id:
        raise ValidationError(
            _("This team belongs to another graduate school; members must be of the team's school."),
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
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give your team a name."), code="name_missing")
    existing = _membership(challenge=challenge, user=user)
    if existing is not None:
        if existing.team.name.casefold() == name.casefold():
            return existing.team
        raise ValidationError(
            _("You are already on the team “%(team)s” of this challenge."),
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
        raise ValidationError(_("Only the team's captain may do this."), code="not_captain")


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
        raise ValidationError(_("Choose whether you invite a member or an adviser."), code="role")
    if TeamMember.objects.filter(team=team, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already on your team."), code="member", params={"email": email})
    if TeamMember.objects.filter(team=team).count() >= team.challenge.max_team_size:
        raise ValidationError(_("The team is full."), code="team_full")
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
            _("This invitation is for %(email)s: sign in with that address (and confirm it) to accept."),
            code="wrong_person",
            params={"email": invitation.email},
        )
    member = TeamMember.objects.filter(team=team, user=user).first()
    if invitation.accepted_at is not None and member is not None:
        return member
    if invitation.declined_at is not None:
        raise ValidationError(_("You declined this invitation; ask the captain for a new one."), code="declined")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was used already; ask the captain for a new one."), code="used")
    other = _membership(challenge=team.challenge, user=user)
    if other is not None:
        raise ValidationError(
            _("You are already on the team “%(team)s” of this challenge."),
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
            _("This invitation is for %(email)s: sign in with that address (and confirm it) to answer."),
            code="wrong_person",
            params={"email": invitation.email},
        )
    if invitation.accepted_at is not None:
        raise ValidationError(_("You accepted this invitation already; leave the team instead."), code="accepted")
    if invitation.declined_at is None:
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])
    return invitation


@transaction.atomic
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
    students = TeamMember.objects.filter(team=team).exclude(pk=member.pk).exclude(role=MemberRole.ADVISER)
    successor = students.order_by("joined_at", "id").first()
    if successor is None and member.role != MemberRole.ADVISER:
        if team.submissions.exists():
            raise ValidationError(
                _("You are the team's last student and it has submitted: write to the organisers to withdraw it."),
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
        raise ValidationError(_("Register for the event first: the data is for registered attendees."), code="register")
    try:
        with transaction.atomic():
            acceptance, _created = TermsAcceptance.objects.get_or_create(
                challenge=challenge, user=user, version=challenge.terms_version
            )
    except IntegrityError:  # the same tap twice at once: the other one recorded it
        acceptance = TermsAcceptance.objects.get(challenge=challenge, user=user, version=challenge.terms_version)
    return acceptance


# TEMPORARY until the scoring branch is merged: stand-ins for the scoring engineer's services, so the team pages
# and their tests run. The real `submit_predictions` validates the file fully and queues scoring.
# Its imports are its own, so deleting it leaves nothing behind.
import csv  # noqa: E402 -- the temporary block keeps its own imports
import io  # noqa: E402 -- the temporary block keeps its own imports

from .enums import SUBMITTING_ROLES, SubmissionStatus  # noqa: E402 -- the temporary block keeps its own imports
from .models import Phase, Submission  # noqa: E402 -- the temporary block keeps its own imports


def submit_predictions(*, team: ChallengeTeam, phase: Phase, user, upload, description: str = "") -> Submission:
    member = TeamMember.objects.filter(team=team, user=user).first()
    if member is None or member.role not in SUBMITTING_ROLES:
        raise ValidationError(_("Only the team's students may submit."), code="not_submitter")
    if phase.challenge_id != team.challenge_id or not phase.is_open():
        raise ValidationError(_("This phase is not open for submissions."), code="closed")
    data = upload.read()
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        raise ValidationError(_("The file is not a UTF-8 CSV file."), code="not_csv") from None
    header = rows[0] if rows else []
    if header != [phase.id_column, phase.prediction_column]:
        raise ValidationError(
            _("Line 1: the columns must be “%(id)s” and “%(prediction)s”."),
            params={"id": phase.id_column, "prediction": phase.prediction_column},
        )
    errors = []
    for number, row in enumerate(rows[1:], start=2):
        try:
            float(row[1])
        except (IndexError, ValueError):
            errors.append(ValidationError(_("Line %(line)s: the prediction is not a number."), params={"line": number}))
    if errors:
        raise ValidationError(errors)
    upload.seek(0)
    submission = Submission(
        team=team,
        phase=phase,
        submitted_by=user,
        original_name=upload.name[:255],
        rows=len(rows) - 1,
        description=description[:200],
        status=SubmissionStatus.QUEUED,
        submitted_on=timezone.localdate(timezone.now(), phase.challenge.event.zone),
    )
    submission.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise ValidationError(_("Your team has used its submissions for now."), code="limit") from None
    return submission


# TEMPORARY until the scoring branch is merged (see above).
@transaction.atomic
def choose_final_submissions(*, team: ChallengeTeam, phase: Phase, submission_ids, user) -> list[Submission]:
    if not TeamMember.objects.filter(team=team, user=user, role__in=SUBMITTING_ROLES).exists():
        raise ValidationError(_("Only the team's students may choose."), code="not_submitter")
    ids = {int(pk) for pk in submission_ids}
    if len(ids) > team.challenge.final_submissions_per_team:
        raise ValidationError(_("Too many submissions chosen."), code="too_many")
    chosen = Submission.objects.filter(team=team, phase=phase)
    chosen.exclude(pk__in=ids).update(is_final_choice=False)
    chosen.filter(pk__in=ids).update(is_final_choice=True)
    return list(chosen.filter(is_final_choice=True))
