"""How the townhall answers other apps: its accepted guests as an announcement segment."""

from types import SimpleNamespace

from django.dispatch import receiver

from registration.signals import collect_announcement_recipients

from .enums import GuestStatus
from .models import Guest


@receiver(collect_announcement_recipients, dispatch_uid="townhall-announcement-recipients")
def accepted_guests(sender, announcement, **kwargs):
    """Guests are not accounts: each is handed over as a recipient with an email, a language and a key."""
    if announcement.segment != "townhall_accepted":
        return []
    guests = Guest.objects.filter(townhall__event=announcement.event, status=GuestStatus.ACCEPTED).order_by("pk")
    return [
        SimpleNamespace(pk=f"guest-{guest.pk}", email=guest.email, preferred_language=guest.language)
        for guest in guests
    ]
