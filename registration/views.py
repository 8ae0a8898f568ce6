from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from .selectors import access_event, get_current_event, partners_by_role


@require_safe
def current_event_redirect(request):
    event = get_current_event()
    if event is None:
        return render(request, "registration/no_event.html", status=200)
    return redirect("registration:event-home", event_slug=event.slug)


@require_safe
def event_home(request, event_slug: str):
    event = access_event(request.user, event_slug)
    return render(
        request,
        "registration/event_home.html",
        {"event": event, "partner_groups": partners_by_role(event)},
    )


@require_safe
def event_section_placeholder(request, event_slug: str, section: str):
    """Programme, registration and booths pages until their apps publish them."""
    event = access_event(request.user, event_slug)
    return render(request, "registration/section_placeholder.html", {"event": event, "section": section})
