"""Reads of the challenge: a person's team, what they may download, leaderboards and results."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404

from events.enums import Area
from events.models import Event
from events.rules import may_work_on

from . import scoring
from .enums import SUBMITTING_ROLES, SubmissionStatus
from .models import Challenge, ChallengeTeam, Phase, Submission, TeamInvitation, TeamMember, TermsAcceptance

# --- scoring: submissions ---


def submission_failure_message(submission) -> str:
    """Why a failed submission could not be scored, in the active language (empty unless it failed)."""
    return scoring.failure_message(submission)


# --- team pages: the challenge, a person's team, what they may download ---

# Statuses a submission is still on its way through; the submission page refreshes itself while any is.
IN_PROGRESS = (SubmissionStatus.QUEUED, SubmissionStatus.SCORING)


def access_challenge(user, event: Event) -> Challenge:
    """The event's challenge if it is published (or the person works on the event's challenge); else 404."""
    challenge = (
        Challenge.objects.select_related("event", "data_provider")
        .prefetch_related("phases", "data_files")
        .filter(event=event)
        .first()
    )
    if challenge is None or not (challenge.is_published or may_work_on(user, event, Area.CHALLENGE)):
        raise Http404("No challenge.")
    return challenge


def membership_of(challenge: Challenge, user) -> TeamMember | None:
    """The person's place on a team of the challenge (with the team), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TeamMember.objects.select_related("team__graduate_school").filter(challenge=challenge, user=user).first()


def team_of(challenge: Challenge, user) -> ChallengeTeam | None:
    membership = membership_of(challenge, user)
    return membership.team if membership else None


def may_submit(membership: TeamMember | None) -> bool:
    return membership is not None and membership.role in SUBMITTING_ROLES


def has_accepted_terms(challenge: Challenge, user) -> bool:
    """Whether the person accepted the challenge's current version of the data-use terms."""
    if not getattr(user, "is_authenticated", False):
        return False
    return TermsAcceptance.objects.filter(challenge=challenge, user=user, version=challenge.terms_version).exists()


def may_download(challenge: Challenge, user) -> bool:
    """The data files go only to people who accepted the current terms (answer keys go to nobody)."""
    return has_accepted_terms(challenge, user)


def team_with_members(team: ChallengeTeam) -> ChallengeTeam:
    """The team with its members (and their profiles) and open invitations, for its page."""
    return (
        ChallengeTeam.objects.select_related("graduate_school", "challenge__event")
        .prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("user__attendee_profile")),
            Prefetch(
                "invitations",
                queryset=TeamInvitation.objects.filter(accepted_at__isnull=True, declined_at__isnull=True),
                to_attr="open_invitations",
            ),
        )
        .get(pk=team.pk)
    )


def addressed_to(invitation: TeamInvitation, user) -> bool:
    """Whether the invitation is to one of the signed-in person's verified addresses."""
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- only these reads need allauth

    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()


def open_invitations_for(challenge: Challenge, user) -> list[TeamInvitation]:
    """Open invitations of the challenge's teams to the person's verified addresses."""
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- only this read needs allauth

    if not getattr(user, "is_authenticated", False):
        return []
    emails = list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    if not emails:
        return []
    invitations = TeamInvitation.objects.filter(
        team__challenge=challenge, accepted_at__isnull=True, declined_at__isnull=True
    ).select_related("team")
    lowered = {email.lower() for email in emails}
    return [invitation for invitation in invitations if invitation.email.lower() in lowered]


def open_phases(challenge: Challenge, at=None) -> list[Phase]:
    return [phase for phase in challenge.phases.all() if phase.is_open(at)]


def team_submissions(team: ChallengeTeam) -> list[Submission]:
    """The team's submissions, newest first, with their phase and who submitted them. Never the private score.

    Each carries `failure_message`: why it failed, in the active language."""
    rows = list(
        Submission.objects.filter(team=team)
        .select_related("phase", "submitted_by__attendee_profile")
        .defer("private_score")
        .order_by("-submitted_at", "-id")
    )
    for row in rows:
        row.failure_message = submission_failure_message(row)
    return rows


# --- navigation: which events have a challenge to show ---

PUBLISHED_CHALLENGES_CACHE_KEY = "challenge:published-event-ids"


def published_challenge_event_ids() -> frozenset[int]:
    """The events whose challenge is published, for every page's header.

    A shared copy, retired when a challenge is saved or deleted (and after five minutes, for bulk updates)."""
    ids = cache.get(PUBLISHED_CHALLENGES_CACHE_KEY)
    if ids is None:
        ids = frozenset(Challenge.objects.filter(is_published=True).values_list("event_id", flat=True))
        cache.set(PUBLISHED_CHALLENGES_CACHE_KEY, ids, timeout=300)
    return ids
