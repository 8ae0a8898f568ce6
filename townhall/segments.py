"""The announcement segment the townhall answers: its accepted guests (see common.segments)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.segments import Recipient, register_segment

from .enums import GuestStatus
from .models import Guest


def accepted_guests(event, day=None) -> list[Recipient]:
    """Guests are not accounts: each is a recipient with the email and language of the invitation."""
    guests = Guest.objects.filter(townhall__event=event, status=GuestStatus.ACCEPTED).order_by("pk")
    return [Recipient(email=guest.email, language=guest.language) for guest in guests]


def register() -> None:
    register_segment("townhall_accepted", _("Townhall guests who accepted"), accepted_guests)
