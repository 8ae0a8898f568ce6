"""What every page's header needs of the challenge: whether the event has one to link to."""

from django.utils.functional import SimpleLazyObject

from .selectors import published_challenge_event_ids


def challenge_navigation(request):
    # Lazy: a page without the event navigation runs nothing; the others read one shared copy.
    return {"challenge_event_ids": SimpleLazyObject(published_challenge_event_ids)}
