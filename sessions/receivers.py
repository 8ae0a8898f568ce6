"""How the programme reacts to other apps and to its own changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.models import Event
from registration.signals import account_deleting, registration_cancelled

from .models import ProgrammeSession, Room, SessionSpeaker, Speaker, Track
from .services import bump_programme_version, cancel_seats_of_attendee


@receiver(registration_cancelled, dispatch_uid="programme-give-back-seats")
def give_back_reserved_seats(sender, *, user_id, event_id, **kwargs):
    if user_id is not None:
        cancel_seats_of_attendee(user_id=user_id, event_id=event_id)


@receiver(account_deleting, dispatch_uid="programme-account-deleting")
def give_back_every_seat(sender, *, user_id, **kwargs):
    cancel_seats_of_attendee(user_id=user_id)


def _bump_programme_version(sender, instance, **kwargs):
    """Cached pages and exports (schedule.json, .xml, .ics) are keyed by this version."""
    if isinstance(instance, SessionSpeaker):
        events = Event.objects.filter(programme_sessions__pk=instance.session_id)
    else:
        events = Event.objects.filter(pk=instance.event_id)
    slug = events.values_list("slug", flat=True).first()
    if slug is not None:  # None when the session itself was deleted, which bumped the version
        bump_programme_version(slug)


for model in (ProgrammeSession, SessionSpeaker, Speaker, Room, Track):
    post_save.connect(_bump_programme_version, sender=model, dispatch_uid=f"programme-version-save-{model.__name__}")
    post_delete.connect(
        _bump_programme_version, sender=model, dispatch_uid=f"programme-version-delete-{model.__name__}"
    )


@receiver(post_save, sender=Event, dispatch_uid="programme-version-event")
def _event_changed(sender, instance, **kwargs):
    """The event's name, dates and publication show in every page and export too."""
    bump_programme_version(instance.slug)
