"""How booths react to accounts: an invited address that is verified becomes booth staff."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="booths-link-staff-invitations")
def link_invited_staff(sender, request, email_address, **kwargs):
    from .services import link_staff_invitations

    link_staff_invitations(user=email_address.user, email=email_address.email)
