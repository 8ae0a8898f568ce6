"""Reads of the challenge: a person's team, what they may download, leaderboards and results."""

from __future__ import annotations

# --- results ---
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from events.enums import Area
from events.rules import may_work_on
from registration.selectors import access_event

from .models import Award, Challenge, Phase, TalentPoolConsent, TeamMember


def access_challenge(user, event_slug: str) -> Challenge:
    """The event's challenge if the person may see it: published, or they work on the event's challenge."""
    event = access_event(user, event_slug)
    challenge = Challenge.objects.filter(event=event).select_related("event", "data_provider").first()
    if challenge is None or not (challenge.is_published or may_work_on(user, event, Area.CHALLENGE)):
        raise Http404("No such challenge.")
    return challenge


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
