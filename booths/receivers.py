"""How booths react to accounts: an invited address that is verified becomes booth staff."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from registration.signals import collect_announcement_recipients


@receiver(email_confirmed, dispatch_uid="booths-link-staff-invitations")
def link_invited_staff(sender, request, email_address, **kwargs):
    from .services import link_staff_invitations

    link_staff_invitations(user=email_address.user, email=email_address.email)


@receiver(collect_announcement_recipients, dispatch_uid="booths-announcement-recipients")
def booth_staff_recipients(sender, announcement, **kwargs):
    """Everyone staffing a booth of the event, for announcements to booth staff."""
    from django.contrib.auth import get_user_model

    if announcement.segment != "booth_staff":
        return []
    return list(
        get_user_model()
        .objects.filter(booth_roles__booth__event=announcement.event, is_active=True)
        .distinct()
        .order_by("pk")
    )
