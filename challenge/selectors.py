"""Reads of the challenge: a person's team, what they may download, leaderboards and results."""

from __future__ import annotations

from django.db.models import Count, Q

from .enums import SubmissionStatus
from .models import Challenge, Submission, TalentPoolConsent, TeamInvitation, TeamMember, TermsAcceptance

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
