"""Reads of the townhall that more than one place needs."""

from __future__ import annotations

from django.db.models import Count, Q

from common import capacity
from common.exports import Table as ExportTable
from common.personal_data import ERASED_DOMAIN

from .enums import GuestStatus
from .models import Guest, Townhall
from .pools import TOWNHALL_SEATS

GUEST_EXPORT_COLUMNS = [
    "name", "email", "organisation", "sector", "title", "vip", "language", "status", "table", "dietary_needs",
    "checked_in_at",
]  # fmt: skip


def guests_table(guests) -> ExportTable:
    """The organisers' guest list; its first seven columns are the ones the guest import reads."""
    guests = guests.select_related("table").order_by("name", "pk")

    def rows():
        for guest in guests:
            yield [
                guest.name,
                guest.email,
                guest.organisation,
                guest.sector,
                guest.title,
                "yes" if guest.is_vip else "no",
                guest.language,
                guest.status,
                guest.table.number if guest.table else "",
                guest.dietary_needs,
                guest.checked_in_at.isoformat() if guest.checked_in_at else "",
            ]

    return ExportTable(name="townhall-guests", header=GUEST_EXPORT_COLUMNS, rows=rows())


# --- Personal data (common.personal_data) -----------------------------------------------


def invitations_export(user) -> list[dict]:
    """The townhall invitations sent to the person's address, with their answer."""
    guests = Guest.objects.filter(email__iexact=user.email).select_related("townhall__event", "table").order_by("pk")
    return [
        {
            "event": guest.townhall.event.slug,
            "name": guest.name,
            "email": guest.email,
            "organisation": guest.organisation,
            "title": guest.title,
            "sector": guest.sector,
            "status": guest.status,
            "dietary_needs": guest.dietary_needs,
            "table": guest.table.number if guest.table else None,
            "invited_at": guest.invited_at.isoformat() if guest.invited_at else None,
            "answered_at": guest.answered_at.isoformat() if guest.answered_at else None,
            "checked_in_at": guest.checked_in_at.isoformat() if guest.checked_in_at else None,
        }
        for guest in guests
    ]


def guest_emails(event) -> set[str]:
    return set(
        Guest.objects.filter(townhall__event=event)
        .exclude(email__endswith="@" + ERASED_DOMAIN)
        .values_list("email", flat=True)
    )


def waitlist_position(guest: Guest) -> int | None:
    """The guest's place on the waitlist (1 is next), or None when they are not waiting."""
    return capacity.waitlist_position(TOWNHALL_SEATS, guest)


# --- The door desk (common.desk) ----------------------------------------------------------


def door_guests(*, townhall, query: str, limit: int) -> list[Guest]:
    """The townhall's guests whose name, email or organisation contains the query, each with `position`."""
    guests = list(
        Guest.objects.filter(townhall=townhall)
        .select_related("table")
        .filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query))
        .annotate(position=capacity.waitlist_position_expression(TOWNHALL_SEATS))
        .order_by("name", "pk")[:limit]
    )
    for guest in guests:
        if guest.status != GuestStatus.WAITLISTED:
            guest.position = None
    return guests


def door_count(townhall) -> tuple[int, int]:
    """(guests checked in at the door, guests with a seat)."""
    counts = Guest.objects.filter(townhall=townhall).aggregate(
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        seated=Count("pk", filter=Q(status=GuestStatus.ACCEPTED)),
    )
    return counts["checked_in"], counts["seated"]


def guest_counts(event) -> dict | None:
    """The event's townhall with its guests per status and those admitted at the door; None without one."""
    townhall = Townhall.objects.filter(event=event).first()
    if townhall is None:
        return None
    counts = dict(
        Guest.objects.filter(townhall=townhall).values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    checked_in = Guest.objects.filter(townhall=townhall, checked_in_at__isnull=False).count()
    return {"townhall": townhall, "by_status": counts, "checked_in": checked_in}
