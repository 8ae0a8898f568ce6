"""How booths react to accounts and registrations.

An invited address that is verified becomes booth staff; a cancelled registration
or a deleted account gives back the person's consultation bookings (in the same
transaction), so the slot is free again.
"""

from allauth.account.signals import email_confirmed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from events.models import Event, Organization
from registration.signals import account_deleting, registration_cancelled

from .directory import retire_directory
from .models import Booth, ConsultationSlot, JobOpening
from .services import cancel_consultations_of, link_staff_invitations


def _retire_directory(sender, **kwargs):
    retire_directory()


# What the directory's kept cards show: a change to any of it retires them.
for _model in (Booth, ConsultationSlot, JobOpening, Organization, Event):
    post_save.connect(_retire_directory, sender=_model, dispatch_uid=f"booths-directory-save-{_model.__name__}")
    post_delete.connect(_retire_directory, sender=_model, dispatch_uid=f"booths-directory-delete-{_model.__name__}")
m2m_changed.connect(_retire_directory, sender=Booth.companies.through, dispatch_uid="booths-directory-companies")


@receiver(registration_cancelled, dispatch_uid="booths-cancel-consultations")
def cancel_consultations_of_cancelled_attendee(sender, *, user_id, event_id, **kwargs):
    if user_id is not None:
        cancel_consultations_of(user_id=user_id, event_id=event_id)


@receiver(account_deleting, dispatch_uid="booths-account-deleting")
def cancel_every_consultation(sender, *, user_id, **kwargs):
    cancel_consultations_of(user_id=user_id)


@receiver(email_confirmed, dispatch_uid="booths-link-staff-invitations")
def link_invited_staff(sender, request, email_address, **kwargs):

    link_staff_invitations(user=email_address.user, email=email_address.email)
