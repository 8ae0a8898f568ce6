"""How teams react to accounts: a verified invited address joins its teams; a membership gone (however it
went: the admin, a deleted team, a deleted account) takes the admin access with it when it was the last."""

from allauth.account.signals import email_confirmed
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import TeamMembership
from .services import accept_invitations, sync_admin_access


@receiver(email_confirmed, dispatch_uid="events-accept-team-invitations")
def join_invited_teams(sender, request, email_address, **kwargs):
    accept_invitations(user=email_address.user, email=email_address.email)


@receiver(post_delete, sender=TeamMembership, dispatch_uid="events-membership-deleted")
def membership_deleted(sender, instance, **kwargs):
    user_id = instance.user_id
    transaction.on_commit(lambda: sync_admin_access(user_id=user_id))
