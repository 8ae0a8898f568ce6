"""How the programme reacts to other apps and to its own changes."""

import contextlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from registration.models import Event
from registration.signals import registration_cancelled

from .models import ProgrammeSession, Room, SessionSpeaker, Speaker, Track
from .selectors import PROGRAMME_VERSION_KEY


@receiver(registration_cancelled)
def give_back_reserved_seats(sender, *, user_id, event_id, **kwargs):
    from .services import cancel_seats_of_attendee

    if user_id is not None:
        cancel_seats_of_attendee(user_id=user_id, event_id=event_id)


def _bump_programme_version(sender, instance, **kwargs):
    """Cached exports (schedule.json, .xml, .ics) are keyed by this version."""
    if isinstance(instance, SessionSpeaker):
        event_id = ProgrammeSession.objects.filter(pk=instance.session_id).values_list("event_id", flat=True).first()
        if event_id is None:
            return  # the session itself was deleted, and bumped the version
    else:
        event_id = instance.event_id
    with contextlib.suppress(ValueError):  # no version yet: the next read creates one
        cache.incr(PROGRAMME_VERSION_KEY.format(event_id=event_id))


for model in (ProgrammeSession, SessionSpeaker, Speaker, Room, Track):
    post_save.connect(_bump_programme_version, sender=model, dispatch_uid=f"programme-version-save-{model.__name__}")
    post_delete.connect(
        _bump_programme_version, sender=model, dispatch_uid=f"programme-version-delete-{model.__name__}"
    )


@receiver(post_save, sender=Event, dispatch_uid="programme-version-event")
def _event_changed(sender, instance, **kwargs):
    """The event's name and dates appear in every export too."""
    with contextlib.suppress(ValueError):
        cache.incr(PROGRAMME_VERSION_KEY.format(event_id=instance.pk))
