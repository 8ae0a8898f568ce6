"""Reads of the challenge: a person's team, what they may download, leaderboards and results."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from events.enums import Area
from events.models import Event
from events.rules import may_work_on
from registration.selectors import access_event

from . import scoring
from .enums import SUBMITTING_ROLES, SubmissionStatus
from .models import (
    Award,
    Challenge,
    ChallengeTeam,
    Phase,
    Submission,
    TalentPoolConsent,
    TeamInvitation,
    TeamMember,
    TermsAcceptance,
)

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
        row.submitter_name = _person_name(row.submitted_by)
    return rows


def _person_name(user) -> str:
    """The name on the person's profile, else their address; empty for a deleted account."""
    if user is None:
        return ""
    profile = getattr(user, "attendee_profile", None)
    return (profile.full_name if profile else "") or user.email


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


# --- results ---


def access_challenge_by_slug(user, event_slug: str) -> Challenge:
    """The challenge of the event with this slug if the person may see it (see `access_challenge`)."""
    return access_challenge(user, access_event(user, event_slug))


def board_phases(challenge: Challenge, user=None, *, phases: list[Phase] | None = None) -> list[Phase]:
    """The phases with a leaderboard to show: those that have opened (the challenge team sees all)."""
    phases = list(challenge.phases.all()) if phases is None else phases
    if user is not None and may_work_on(user, challenge.event, Area.CHALLENGE):
        return phases
    now = timezone.now()
    return [phase for phase in phases if phase.opens_at <= now]


def final_phase(challenge: Challenge, *, phases: list[Phase] | None = None) -> Phase | None:
    """The phase whose private ranking is the final one: the one marked final, else the last to close."""
    phases = list(challenge.phases.all()) if phases is None else phases
    marked = [phase for phase in phases if phase.is_final]
    if marked:
        return marked[0]
    return max(phases, key=lambda phase: phase.closes_at, default=None)


@dataclass(frozen=True)
class Winner:
    """An award and the team that won it, for the results page and the award ceremony."""

    award_id: int
    award_ko: str
    award_en: str
    prize_krw: int | None
    team_id: int
    team_name: str
    school_ko: str
    school_en: str
    final_rank: int | None

    @property
    def award(self) -> str:
        return _by_language(self.award_ko, self.award_en)

    @property
    def school(self) -> str:
        return _by_language(self.school_ko, self.school_en)


def _by_language(korean: str, english: str) -> str:
    preferred, other = (english, korean) if (get_language() or "ko").startswith("en") else (korean, english)
    return preferred or other


def winners(challenge: Challenge) -> list[Winner]:
    """The awards given to teams, in the awards' order; none before the results are published."""
    if not challenge.results_published:
        return []
    awards = (
        Award.objects.filter(challenge=challenge, team__isnull=False)
        .select_related("team__graduate_school")
        .order_by("order", "team__final_rank", "id")
    )
    return [
        Winner(
            award_id=award.pk,
            award_ko=award.name_ko,
            award_en=award.name_en,
            prize_krw=award.prize_krw,
            team_id=award.team_id,
            team_name=award.team.name,
            school_ko=award.team.graduate_school.name_ko,
            school_en=award.team.graduate_school.name_en,
            final_rank=award.team.final_rank,
        )
        for award in awards
    ]


def winning_team_of(challenge: Challenge, user) -> TeamMember | None:
    """The person's membership of a team with an award, once results are published; else None."""
    if not user.is_authenticated or not challenge.results_published:
        return None
    return (
        TeamMember.objects.filter(challenge=challenge, user=user)
        .filter(Exists(Award.objects.filter(team=OuterRef("team"))))
        .select_related("team__graduate_school")
        .first()
    )


def talent_pool_consent_in_force(challenge: Challenge, user) -> TalentPoolConsent | None:
    """The person's latest talent pool grant or withdrawal (the one in force), or None."""
    if not user.is_authenticated:
        return None
    return TalentPoolConsent.objects.filter(challenge=challenge, user=user).order_by("-recorded_at", "-id").first()


@dataclass(frozen=True)
class PoolMember:
    """A winner who consents to the data provider's talent pool, as the company's booth staff see them."""

    user_id: int
    name: str
    email: str
    team_name: str
    school_ko: str
    school_en: str
    awards: str
    consented_at: object

    @property
    def school(self) -> str:
        return _by_language(self.school_ko, self.school_en)


def talent_pool(challenge: Challenge) -> list[PoolMember]:
    """The winners whose latest talent pool row is a grant of the current text; nobody else.

    A withdrawal, a grant of an older text or a team without an award (any more) leaves the person out.
    """
    latest = TalentPoolConsent.objects.filter(challenge=challenge, user=OuterRef("user")).order_by(
        "-recorded_at", "-id"
    )
    memberships = (
        TeamMember.objects.filter(challenge=challenge)
        .filter(Exists(Award.objects.filter(team=OuterRef("team"))))
        .annotate(
            consent_granted=Subquery(latest.values("granted")[:1]),
            consent_version=Subquery(latest.values("text_version")[:1]),
            consent_at=Subquery(latest.values("recorded_at")[:1]),
        )
        .filter(consent_granted=True, consent_version=challenge.talent_pool_version)
        .select_related("user__attendee_profile", "team__graduate_school")
        .order_by("team__final_rank", "team__name", "id")
    )
    if not challenge.results_published:
        return []
    awards: dict[int, list[str]] = {}
    for award in Award.objects.filter(challenge=challenge, team__isnull=False).order_by("order", "id"):
        awards.setdefault(award.team_id, []).append(award.name)
    pool = []
    for member in memberships:
        profile = getattr(member.user, "attendee_profile", None)
        pool.append(
            PoolMember(
                user_id=member.user_id,
                name=profile.full_name if profile else "",
                email=member.user.email,
                team_name=member.team.name,
                school_ko=member.team.graduate_school.name_ko,
                school_en=member.team.graduate_school.name_en,
                awards=", ".join(awards.get(member.team_id, [])),
                consented_at=member.consent_at,
            )
        )
    return pool


# --- operations ---


def challenge_figures(event, today) -> dict | None:
    """The dashboard's figures of the event's challenge: teams, members, submissions today, the scoring queue."""
    challenge = Challenge.objects.filter(event=event).first()
    if challenge is None:
        return None
    teams = challenge.teams.aggregate(teams=Count("id", distinct=True), members=Count("members", distinct=True))
    submissions = Submission.objects.filter(team__challenge=challenge).aggregate(
        today=Count("id", filter=Q(submitted_on=today)),
        queued=Count("id", filter=Q(status__in=[SubmissionStatus.QUEUED, SubmissionStatus.SCORING])),
        failed_today=Count("id", filter=Q(status=SubmissionStatus.FAILED, submitted_on=today)),
    )
    return {"challenge": challenge, **teams, **submissions}


def challenge_participants(event) -> list:
    """Everyone on a team of the event's challenge, as accounts (common.segments reads email and language)."""
    members = TeamMember.objects.filter(team__challenge__event=event, user__is_active=True).select_related("user")
    return [member.user for member in members.order_by("team_id", "joined_at", "pk")]


# --- operations: personal data (common.personal_data) ---


def challenge_person_export(user) -> dict:
    """What the challenge holds about the person: teams, their own submissions, terms and talent pool records."""
    memberships = TeamMember.objects.filter(user=user).select_related("team__challenge", "team__graduate_school")
    submissions = Submission.objects.filter(submitted_by=user).select_related("team", "phase__challenge")
    return {
        "team_memberships": [
            {
                "challenge": member.team.challenge.title,
                "team": member.team.name,
                "graduate_school": member.team.graduate_school.name,
                "role": member.role,
                "joined_at": member.joined_at.isoformat(),
            }
            for member in memberships
        ],
        "submissions": [
            {
                "challenge": submission.phase.challenge.title,
                "phase": submission.phase.name,
                "team": submission.team.name,
                "file_name": submission.original_name,
                "note": submission.description,
                "submitted_at": submission.submitted_at.isoformat(),
                "status": submission.status,
                "public_score": submission.public_score,
                # Like every page: the private score only once the results are out.
                "private_score": submission.private_score if submission.phase.challenge.results_published else None,
            }
            for submission in submissions
        ],
        "team_invitations": [
            {"team": invitation.team.name, "email": invitation.email, "invited_at": invitation.created_at.isoformat()}
            for invitation in TeamInvitation.objects.filter(email__iexact=user.email).select_related("team")
        ],
        "terms_acceptances": [
            {"challenge": row.challenge.title, "version": row.version, "accepted_at": row.accepted_at.isoformat()}
            for row in TermsAcceptance.objects.filter(user=user).select_related("challenge")
        ],
        "talent_pool_consents": [
            {
                "challenge": row.challenge.title,
                "granted": row.granted,
                "company": row.company_name,
                "text_version": row.text_version,
                "recorded_at": row.recorded_at.isoformat(),
            }
            for row in TalentPoolConsent.objects.filter(user=user).select_related("challenge")
        ],
    }


def challenge_event_people(event) -> set[str]:
    members = TeamMember.objects.filter(team__challenge__event=event).values_list("user__email", flat=True)
    invited = TeamInvitation.objects.filter(team__challenge__event=event).values_list("email", flat=True)
    return {email.lower() for email in [*members, *invited] if email}
