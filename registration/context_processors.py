"""What every page's header needs to keep a person inside their event."""

from django.utils.functional import SimpleLazyObject

from events.selectors import event_for_request

from .selectors import live_registration_event_ids


def event_navigation(request):
    """`event` for pages that belong to no event (sign-in, account, profile), and the events the person registered for.

    Both are lazy: a page whose view passes its own `event`, or that shows no
    navigation, runs no query for them.
    """
    return {
        "event": SimpleLazyObject(lambda: event_for_request(request)),
        "registered_event_ids": SimpleLazyObject(lambda: live_registration_event_ids(request.user)),
    }
