from __future__ import annotations

from itertools import groupby

from django.http import Http404
from django.utils import timezone

from .enums import PartnerRole
from .models import Event, EventPartner


def get_current_event() -> Event | None:
    """The published edition that is next or under way; else the latest one that ended."""
    today = timezone.localdate()
    published = Event.objects.published()
    upcoming = published.filter(end_date__gte=today).order_by("start_date").first()
    return upcoming or published.order_by("-end_date").first()


def access_event(user, slug: str) -> Event:
    """The event behind a URL slug; unpublished editions exist only for organisers."""
    event = Event.objects.filter(slug=slug).first()
    if event is None or not (event.is_published or getattr(user, "is_staff", False)):
        raise Http404("No such event.")
    return event


def partners_by_role(event: Event) -> list[tuple[str, list]]:
    """[(role label, [organisations])] in the order host, co-organisers, sponsors."""
    role_rank = {role: rank for rank, role in enumerate(PartnerRole.values)}
    partners = sorted(
        EventPartner.objects.filter(event=event).select_related("organization"),
        key=lambda partner: (role_rank[partner.role], partner.order, partner.pk),
    )
    return [
        (PartnerRole(role).label, [partner.organization for partner in group])
        for role, group in groupby(partners, key=lambda partner: partner.role)
    ]
