"""Reads of event setup: which event a page belongs to, and who stands behind it."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import timezone

from .enums import PartnerRole
from .models import Event, EventPartner


def get_current_event() -> Event | None:
    """The published edition that is next or under way; else the latest one that ended."""
    today = timezone.localdate()
    published = Event.objects.published()
    upcoming = published.filter(end_date__gte=today).order_by("start_date").first()
    return upcoming or published.order_by("-end_date").first()


def event_for_request(request) -> Event | None:
    """The event a page outside any event belongs to: the one of the `next` it carries, else the current one.

    Sign-in, sign-up, password and profile pages keep that event's navigation,
    and account emails name it.
    """
    next_url = (request.POST.get("next") or request.GET.get("next") or "") if request is not None else ""
    path = urlsplit(next_url if isinstance(next_url, str) else "").path
    if path.startswith("/") and not path.startswith("//"):
        try:
            slug = resolve(path).kwargs.get("event_slug")
        except Resolver404:
            slug = None
        if slug:
            event = Event.objects.published().filter(slug=slug).first()
            if event is not None:
                return event
    return get_current_event()


def partners_by_role(event: Event) -> list[tuple[str, list]]:
    """[(role label, [partners])] by tier: host, co-organisers, sponsors, exhibitors."""
    role_rank = {role: rank for rank, role in enumerate(PartnerRole.values)}
    partners = sorted(
        EventPartner.objects.filter(event=event).select_related("organization"),
        key=lambda partner: (role_rank[partner.role], partner.order, partner.pk),
    )
    return [
        (PartnerRole(role).label, list(group)) for role, group in groupby(partners, key=lambda partner: partner.role)
    ]


def exhibitor_names(event: Event) -> str:
    """The companies a visitor's details may go to, named in the sharing consent."""
    names = [
        partner.organization.name
        for partner in EventPartner.objects.filter(event=event, role=PartnerRole.EXHIBITOR)
        .select_related("organization")
        .order_by("order", "id")
    ]
    return ", ".join(names)
