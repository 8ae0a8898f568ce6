"""Writes of event setup: organisations as attendees type them in; organisers' teams: inviting people, their joining
and leaving, and their admin access."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mail.outbox import queue_rendered_email

from .enums import AttendeeCategory, OrganizationKind
from .models import Organization, Team, TeamInvitation, TeamMembership
from .rules import forget_cached_permissions


def _verified_account(email: str):

    address = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
    return address.user if address else None


@transaction.atomic
def invite_to_team(*, team: Team, email: str, language: str = "ko", invited_by=None) -> TeamInvitation:
    """Invites an address to a team, once: a repeated invitation of an address not yet joined returns the first.

    An address already verified on an account joins at once; any other gets an email (through the outbox, after
    commit) with a link to create the account, and joins when that address is verified (`accept_invitations`).
    """
    email = email.strip()
    user = _verified_account(email)
    invitations = TeamInvitation.objects.select_for_update().filter(team=team, email__iexact=email)
    invitation = invitations.filter(accepted_at__isnull=True).first()
    if invitation is None and user is not None and TeamMembership.objects.filter(team=team, user=user).exists():
        accepted = invitations.order_by("-accepted_at").first()
        if accepted is not None:
            return accepted  # a member already, who was told so
    if invitation is None:
        invitation = TeamInvitation.objects.create(team=team, email=email, language=language, invited_by=invited_by)
    elif invitation.invited_by_id is None and invited_by is not None:
        invitation.invited_by = invited_by
        invitation.save(update_fields=["invited_by"])
    if user is not None:
        accept_invitations(user=user, email=email)
        invitation.refresh_from_db()
    queue_rendered_email(
        template="events/email/team_invitation",
        context={
            "team": team,
            "organiser": team.organiser,
            "joined": user is not None,
            "url": settings.SITE_URL + (reverse("admin:index") if user else reverse("account_signup")),
        },
        kind="team_invitation",
        recipient=invitation.email,
        object_key=f"team-invitation:{invitation.token}",
        language=invitation.language,
    )
    return invitation


@transaction.atomic
def accept_invitations(*, user, email: str) -> int:
    """Makes a verified address a member of every team it was invited to; each invitation is accepted once.

    Members sign in to the admin, so the account becomes staff."""
    accepted = 0
    for invitation in TeamInvitation.objects.select_for_update().filter(email__iexact=email, accepted_at__isnull=True):
        TeamMembership.objects.get_or_create(team_id=invitation.team_id, user=user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        accepted += 1
    if accepted:
        sync_admin_access(user_id=user.pk)
        forget_cached_permissions(user)
    return accepted


def add_member(*, team: Team, user) -> TeamMembership:
    membership, _created = TeamMembership.objects.get_or_create(team=team, user=user)
    sync_admin_access(user_id=user.pk)
    forget_cached_permissions(user)
    return membership


def remove_member(*, membership: TeamMembership) -> None:
    user_id = membership.user_id
    membership.delete()
    sync_admin_access(user_id=user_id)


def sync_admin_access(*, user_id: int) -> None:
    """Team members may enter the admin; someone in no team any more may not (superusers always may).

    Called after every path that adds or removes a membership (including cascades, by the receiver)."""
    in_a_team = TeamMembership.objects.filter(user_id=user_id).exists()
    users = get_user_model().objects.filter(pk=user_id, is_superuser=False)
    if in_a_team:
        users.filter(is_staff=False).update(is_staff=True)
    else:
        users.filter(is_staff=True).update(is_staff=False)


# What kind of organisation a newly typed name most likely is, by the attendee's category.
_KIND_FOR_CATEGORY = {
    AttendeeCategory.STUDENT: OrganizationKind.UNIVERSITY,
    AttendeeCategory.FACULTY: OrganizationKind.UNIVERSITY,
    AttendeeCategory.RESEARCHER: OrganizationKind.PUBLIC_INSTITUTE,
    AttendeeCategory.PUBLIC_INSTITUTE: OrganizationKind.PUBLIC_INSTITUTE,
    AttendeeCategory.GOVERNMENT: OrganizationKind.GOVERNMENT,
    AttendeeCategory.STARTUP: OrganizationKind.STARTUP,
}


def organization_for_typed_name(*, name: str, category: str) -> Organization:
    """An existing organisation with that name, or a new unverified one for organisers to merge."""
    name = " ".join(name.split())
    existing = Organization.objects.filter(Q(name_ko__iexact=name) | Q(name_en__iexact=name)).first()
    if existing:
        return existing
    is_hangul = any("\uac00" <= character <= "\ud7a3" for character in name)
    organization = Organization(
        name_ko=name if is_hangul else "",
        name_en="" if is_hangul else name,
        kind=_KIND_FOR_CATEGORY.get(category, OrganizationKind.COMPANY),
        is_verified=False,
    )
    organization.full_clean()
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:  # typed at the same moment by someone else
        return Organization.objects.get(Q(name_ko__iexact=name) | Q(name_en__iexact=name))
    return organization
