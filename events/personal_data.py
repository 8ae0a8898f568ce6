"""The personal data event setup holds about people: team memberships and invitations to teams."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from .models import TeamInvitation, TeamMembership
from .services import sync_admin_access


def teams_export(user) -> list[dict]:
    memberships = [
        {"team": str(membership.team), "joined_at": membership.joined_at.isoformat()}
        for membership in TeamMembership.objects.filter(user=user).select_related("team__organiser").order_by("pk")
    ]
    invitations = [
        {
            "team": str(invitation.team),
            "invited_at": invitation.created_at.isoformat(),
            "accepted": bool(invitation.accepted_at),
        }
        for invitation in TeamInvitation.objects.filter(email__iexact=user.email).select_related("team__organiser")
    ]
    return memberships + invitations


def erase_team_records(user) -> None:
    """The person leaves every team; invitations to their address go; those they sent stay unsigned."""
    TeamMembership.objects.filter(user=user).delete()
    TeamInvitation.objects.filter(email__iexact=user.email).delete()
    TeamInvitation.objects.filter(invited_by=user).update(invited_by=None)
    sync_admin_access(user_id=user.pk)


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="teams",
            label=_("Organisers' teams"),
            models=("events.TeamMembership", "events.TeamInvitation"),
            export=teams_export,
            erase=erase_team_records,
        )
    )
