"""Reads of the booths app; every fetch by id checks what the person may see."""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, ExtractHour, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from psycopg2 import sql

from common.exports import Table
from common.sql import column, fetch_all, fetch_one, table
from events.models import Event
from registration.selectors import entrance_counts, shares_with_booths

from .enums import StaffRole
from .models import Booth, BoothStaff, ConsultationBooking, ConsultationSlot, DeviceToken, JobOpening, Visit

LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# The words of the agreement a booker ticks ("... see my name"); raise the version when they change.
BOOKING_NAME_SHARING_TEXT_VERSION = "2026-11-v1"


def booth_company_names(booth: Booth) -> str:
    """The companies behind a booth, as the booking agreement names them (the booth's name if none)."""
    names = [company.name for company in booth.companies.all()]
    return ", ".join(names) or booth.name


def booking_agreement_label(booth: Booth) -> str:
    """The checkbox a booker ticks: booking shares their name with these companies."""
    return _("I agree that %(companies)s (booth %(number)s) see my name for this consultation (required to book).") % {
        "companies": booth_company_names(booth),
        "number": booth.number,
    }


def booth_bookings(booth: Booth) -> list[tuple[ConsultationBooking, str | None]]:
    """The booth's live bookings for its staff, each with the booker's name only where they agreed to share it."""
    bookings = (
        ConsultationBooking.objects.filter(slot__booth=booth, is_cancelled=False)
        .select_related("slot", "user__attendee_profile")
        .order_by("starts_at")
    )
    rows = []
    for booking in bookings:
        profile = getattr(booking.user, "attendee_profile", None)
        name = (profile.full_name if profile else booking.user.email) if booking.shares_name else None
        rows.append((booking, name))
    return rows


def staff_role(user, booth: Booth) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return BoothStaff.objects.filter(booth=booth, user=user).values_list("role", flat=True).first()


def access_booth_as_staff(user, booth_id: int, *, event=None, manager: bool = False) -> tuple[Booth, str]:
    """The booth and the person's role there; 404 for anyone who is not its staff (or manager)."""
    booths = Booth.objects.select_related("event")
    if event is not None:
        booths = booths.filter(event=event)
    booth = booths.filter(pk=booth_id).first()
    role = staff_role(user, booth) if booth else None
    if booth is None or role is None or (manager and role != StaffRole.MANAGER):
        raise Http404("No such booth.")
    return booth, role


def staffs_a_booth(user) -> bool:
    """Booth staff (staff or manager of any booth) use the badge scanner."""
    return BoothStaff.objects.filter(user=user).exists()


def booths_staffed_by(user, event) -> list[Booth]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Booth.objects.filter(event=event, staff__user=user).order_by("number"))


@dataclass(frozen=True)
class ScanBooth:
    """The booth a scan is for, as the scan needs it: ids and the event's time zone (its day)."""

    booth_id: int
    event_id: int
    time_zone: str

    @classmethod
    def of(cls, booth: Booth) -> ScanBooth:
        return cls(booth_id=booth.pk, event_id=booth.event_id, time_zone=booth.event.time_zone)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


@dataclass(frozen=True)
class ScanningDevice:
    """A booth's scanner device found by its token (device_for_token), with its booth."""

    device_id: int
    booth_id: int
    last_used_at: datetime.datetime | None
    event_id: int
    time_zone: str

    @property
    def booth(self) -> ScanBooth:
        return ScanBooth(booth_id=self.booth_id, event_id=self.event_id, time_zone=self.time_zone)


@cache
def _device_lookup_sql() -> sql.Composed:
    """A live device by its token's hash, in the order of ScanningDevice's fields."""
    return sql.SQL(
        """
SELECT {d_id}, {d_booth}, {d_last_used}, {e_id}, {e_zone}
FROM {devices} d
JOIN {booths} b ON {b_id} = {d_booth}
JOIN {events} e ON {e_id} = {b_event}
WHERE {d_hash} = %s AND {d_revoked} IS NULL
"""
    ).format(
        devices=table(DeviceToken),
        booths=table(Booth),
        events=table(Event),
        d_id=column(DeviceToken, "id", "d"),
        d_booth=column(DeviceToken, "booth", "d"),
        d_last_used=column(DeviceToken, "last_used_at", "d"),
        d_hash=column(DeviceToken, "token_hash", "d"),
        d_revoked=column(DeviceToken, "revoked_at", "d"),
        b_id=column(Booth, "id", "b"),
        b_event=column(Booth, "event", "b"),
        e_id=column(Event, "id", "e"),
        e_zone=column(Event, "time_zone", "e"),
    )


def device_for_token(token: str) -> ScanningDevice | None:
    """The live scanner device a token belongs to, or None; notes (at most once a minute) that it was used."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    # One hand-written query: every scan from a device starts here.
    device = fetch_one(_device_lookup_sql(), [digest], ScanningDevice)
    now = timezone.now()
    if device is not None and (device.last_used_at is None or now - device.last_used_at > LAST_USED_RESOLUTION):
        # At most once a minute: a write per scan would queue every scanner of a booth on one row.
        DeviceToken.objects.filter(pk=device.device_id).update(last_used_at=now)
    return device


def visitor_card(visit: Visit, *, consented: bool) -> dict:
    """What booth staff may see of a visitor: details only with the visitor's consent, and not once erased."""
    if not consented or visit.lead_erased_at is not None:
        return {"shared": False}
    user = visit.registration.user
    profile = getattr(user, "attendee_profile", None) if user else None
    if profile is None:
        return {"shared": False}
    return {
        "shared": True,
        "name": profile.full_name,
        "organisation": profile.organization.name if profile.organization else "",
        "category": visit.registration.get_category_display(),
        "interests": profile.research_interests,
        "open_to_job_offers": profile.open_to_job_offers,
        "email": user.email,
    }


def lead_visits(booth: Booth) -> models.QuerySet[Visit]:
    """The booth's visits, newest first, with what a visitor card needs."""
    return (
        Visit.objects.filter(booth=booth)
        .select_related("registration__user__attendee_profile__organization")
        .order_by("-scanned_at", "-pk")
    )


def consenting_visitors(booth: Booth) -> set[int]:
    """The users among the booth's visitors who share their details with the event's booths now."""
    user_ids = (
        Visit.objects.filter(booth=booth, registration__user__isnull=False)
        .values_list("registration__user_id", flat=True)
        .distinct()
    )
    return shares_with_booths(user_ids, event=booth.event)


def search_leads(visits: models.QuerySet[Visit], *, text: str, consenting: set[int]) -> models.QuerySet[Visit]:
    """Visits whose note or tags hold the words, or whose visitor's name, organisation or email does.

    A visitor's details are searched only where staff may see them (consent now, not erased), so a search
    can never tell staff who an unshared visitor is.
    """
    text = " ".join(text.split())
    if not text:
        return visits
    person = "registration__user__"
    details = (
        models.Q(**{f"{person}attendee_profile__full_name__icontains": text})
        | models.Q(**{f"{person}attendee_profile__organization__name_ko__icontains": text})
        | models.Q(**{f"{person}attendee_profile__organization__name_en__icontains": text})
        | models.Q(**{f"{person}email__icontains": text})
    )
    shared = models.Q(**{f"{person}id__in": consenting}, lead_erased_at__isnull=True)
    return visits.annotate(
        tags_text=models.Func(
            models.F("tags"), models.Value(" "), function="array_to_string", output_field=models.TextField()
        )
    ).filter(models.Q(note__icontains=text) | models.Q(tags_text__icontains=text) | (shared & details))


def booth_visits(booth: Booth, visits: models.QuerySet[Visit] | None = None) -> list[tuple[Visit, dict]]:
    """The booth's visits (all, or those given) with what staff may see of each visitor, consent read now."""
    visits = list(lead_visits(booth) if visits is None else visits)
    consenting = shares_with_booths(
        (visit.registration.user_id for visit in visits if visit.registration.user_id), event=booth.event
    )
    return [(visit, visitor_card(visit, consented=visit.registration.user_id in consenting)) for visit in visits]


def access_visit(user, visit_id: int) -> Visit:
    """A visit, only for staff of its booth."""
    visit = Visit.objects.select_related("booth", "registration__user").filter(pk=visit_id).first()
    if visit is None or staff_role(user, visit.booth) is None:
        raise Http404("No such visit.")
    return visit


def published_booths(event):
    return (
        Booth.objects.filter(event=event, is_published=True)
        .prefetch_related(
            "companies",
            "demos",
            "jobs",
            Prefetch("slots", queryset=ConsultationSlot.objects.order_by("starts_at")),
        )
        .order_by("number")
    )


def directory_booths(event, *, now: datetime.datetime):
    """The published booths of the directory with their companies and jobs, each with
    `open_slot_count` (its consultation slots still to come) counted by the database,
    so that the directory loads no slot, and `next_slot_at` (when the next of them starts)."""
    upcoming = (
        ConsultationSlot.objects.filter(booth=OuterRef("pk"), starts_at__gt=now)
        .order_by()
        .values("booth")
        .annotate(count=Count("pk"))
        .values("count")
    )
    next_start = ConsultationSlot.objects.filter(booth=OuterRef("pk"), starts_at__gt=now).order_by("starts_at")
    return (
        Booth.objects.filter(event=event, is_published=True)
        .prefetch_related("companies", "jobs")
        .annotate(
            open_slot_count=Coalesce(Subquery(upcoming), 0),
            next_slot_at=Subquery(next_start.values("starts_at")[:1]),
        )
        .order_by("number")
    )


def hiring_roles(event) -> list[str]:
    """The job titles the event's published booths hire for, for the directory's filter."""
    return list(
        JobOpening.objects.filter(booth__event=event, booth__is_published=True)
        .order_by("title")
        .values_list("title", flat=True)
        .distinct()
    )


def access_published_booth(event, booth_id: int) -> Booth:
    """A published booth of the event with its companies, demos, jobs and slots; 404 otherwise."""
    booth = published_booths(event).filter(pk=booth_id).first()
    if booth is None:
        raise Http404("No such booth.")
    return booth


def open_slots_of(booth: Booth, *, now: datetime.datetime) -> list[ConsultationSlot]:
    """The booth's slots still to come (from its prefetched slots)."""
    return [slot for slot in booth.slots.all() if slot.starts_at > now]


def open_slots_by_day(booth: Booth, *, now: datetime.datetime) -> list[tuple[datetime.date, list[ConsultationSlot]]]:
    """The booth's slots still to come, grouped by their day in the event's time zone."""
    zone = booth.event.zone
    days: dict[datetime.date, list[ConsultationSlot]] = {}
    for slot in open_slots_of(booth, now=now):
        days.setdefault(slot.starts_at.astimezone(zone).date(), []).append(slot)
    return list(days.items())


def booths_visited_by(user, event) -> list[Visit]:
    return list(
        Visit.objects.filter(booth__event=event, registration__user=user)
        .select_related("booth")
        .order_by("-scanned_at")
    )


def visits_per_booth(event) -> list[dict]:
    return list(
        Visit.objects.filter(booth__event=event)
        .values("booth__number", "booth__name_ko")
        .annotate(visits=Count("id"), visitors=Count("registration", distinct=True))
        .order_by("booth__number")
    )


def dashboard(event) -> dict:
    """Organisers' figures: visits per booth per hour, unique visitors, consultations."""

    zone = event.zone
    rows = (
        Visit.objects.filter(booth__event=event)
        .annotate(date=TruncDate("scanned_at", tzinfo=zone), hour=ExtractHour("scanned_at", tzinfo=zone))
        .values("booth_id", "date", "hour")
        .annotate(count=Count("id"))
    )
    booths = list(Booth.objects.filter(event=event).order_by("number"))
    hours = list(range(9, 19))
    grid = {(row["booth_id"], row["date"], row["hour"]): row["count"] for row in rows}
    peak = max(grid.values(), default=1)
    days = []
    for date in event.days:
        days.append(
            {
                "date": date,
                "rows": [
                    {
                        "booth": booth,
                        "cells": [
                            {"hour": hour, "count": grid.get((booth.pk, date, hour), 0),
                             "width": round(100 * grid.get((booth.pk, date, hour), 0) / peak)}
                            for hour in hours
                        ],
                        "total": sum(grid.get((booth.pk, date, hour), 0) for hour in range(24)),
                    }
                    for booth in booths
                ],
            }
        )  # fmt: skip
    totals = {row["booth__number"]: row for row in visits_per_booth(event)}
    consultations = (
        ConsultationSlot.objects.filter(booth__event=event)
        .values("booth__number")
        .annotate(
            booked=Count("bookings", filter=models.Q(bookings__is_cancelled=False)),
            attended=Count("bookings", filter=models.Q(bookings__is_cancelled=False, bookings__attended=True)),
        )
    )
    by_number = {row["booth__number"]: row for row in consultations}
    summary = [
        {
            "booth": booth,
            "visits": totals.get(booth.number, {}).get("visits", 0),
            "visitors": totals.get(booth.number, {}).get("visitors", 0),
            "booked": by_number.get(booth.number, {}).get("booked", 0),
            "attended": by_number.get(booth.number, {}).get("attended", 0),
        }
        for booth in booths
    ]
    return {
        "hours": hours,
        "days": days,
        "summary": summary,
        "unique_visitors": Visit.objects.filter(booth__event=event).values("registration").distinct().count(),
        "entrance": entrance_counts(event),
    }


LEAD_EXPORT_COLUMNS = [
    "scanned_at", "day", "name", "organisation", "category", "email", "interests", "open_to_job_offers",
    "rating", "tags", "note",
]  # fmt: skip


def leads_table(booth: Booth, visits: models.QuerySet[Visit] | None = None) -> Table:
    """A booth's leads (all, or the filtered ones) for its managers: contact details only where the visitor
    consents today."""

    def rows():
        for visit, card in booth_visits(booth, visits):
            shared = card["shared"]
            yield [
                visit.scanned_at.isoformat(),
                visit.day.isoformat(),
                card.get("name", "") if shared else "",
                card.get("organisation", "") if shared else "",
                visit.registration.category,
                card.get("email", "") if shared else "",
                "; ".join(card.get("interests", [])) if shared else "",
                ("yes" if card.get("open_to_job_offers") else "no") if shared else "",
                visit.rating or "",
                "; ".join(visit.tags),
                visit.note,
            ]

    return Table(name=f"booth-{booth.number}-leads", header=LEAD_EXPORT_COLUMNS, rows=rows())


def dashboard_table(event, figures: dict) -> Table:
    """The organisers' dashboard figures (from dashboard()) as visits per booth per hour."""
    rows = [
        [day["date"].isoformat(), row["booth"].number, cell["hour"], cell["count"]]
        for day in figures["days"]
        for row in day["rows"]
        for cell in row["cells"]
    ]
    return Table(name=f"{event.slug}-booths", header=["date", "booth", "hour", "visits"], rows=rows)


def clashes_if_slot_moved(
    slot: ConsultationSlot, *, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> list[ConsultationBooking]:
    """Other live bookings of the slot's bookers that the new time would overlap (a move must be refused)."""
    if slot.pk is None:
        return []
    bookers = ConsultationBooking.objects.filter(slot=slot, is_cancelled=False).values("user_id")
    return list(
        ConsultationBooking.objects.filter(
            user_id__in=bookers, is_cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .exclude(slot=slot)
        .select_related("user", "slot__booth")
        .order_by("starts_at")
    )


# --- Personal data (common.personal_data) -----------------------------------------------


def visits_export(user) -> list[dict]:
    """Which booths scanned the person's badge, what their staff noted, and which companies see their details."""
    visits = list(
        Visit.objects.filter(registration__user=user)
        .select_related("booth__event")
        .prefetch_related("booth__companies")
        .order_by("scanned_at", "pk")
    )
    # Consent to share is given per event, so each visit is shown under its own event's answer.
    events = {visit.booth.event_id: visit.booth.event for visit in visits}  # one consent query per event, not per visit
    sharing_events = {pk for pk, event in events.items() if user.pk in shares_with_booths([user.pk], event=event)}
    return [
        {
            "event": visit.booth.event.slug,
            "booth": f"{visit.booth.number} {visit.booth.name}",
            "companies": [company.name for company in visit.booth.companies.all()],
            "day": visit.day.isoformat(),
            "scanned_at": visit.scanned_at.isoformat(),
            "details_shared_with_companies": visit.booth.event_id in sharing_events and visit.lead_erased_at is None,
            "note": visit.note,
            "rating": visit.rating,
            "tags": visit.tags,
        }
        for visit in visits
    ]


def consultations_export(user) -> list[dict]:
    bookings = (
        ConsultationBooking.objects.filter(user=user).select_related("slot__booth__event").order_by("starts_at", "pk")
    )
    return [
        {
            "event": booking.slot.booth.event.slug,
            "booth": f"{booking.slot.booth.number} {booking.slot.booth.name}",
            "starts_at": booking.starts_at.isoformat(),
            "ends_at": booking.ends_at.isoformat(),
            "cancelled": booking.is_cancelled,
            "attended": booking.attended,
            "booked_at": booking.booked_at.isoformat(),
        }
        for booking in bookings
    ]


def booth_staff_export(user) -> dict:
    roles = BoothStaff.objects.filter(models.Q(user=user) | models.Q(email__iexact=user.email)).select_related(
        "booth__event"
    )
    return {
        "roles": [
            {"event": staff.booth.event.slug, "booth": f"{staff.booth.number} {staff.booth.name}", "role": staff.role}
            for staff in roles.order_by("pk")
        ],
        "scanner_devices_created": [
            {"booth": device.booth.number, "name": device.name, "created_at": device.created_at.isoformat()}
            for device in DeviceToken.objects.filter(created_by=user).select_related("booth").order_by("pk")
        ],
        "visits_scanned": Visit.objects.filter(scanned_by=user).count(),
    }


DEFAULT_LEAD_TAGS = (
    gettext_lazy("Follow up"),
    gettext_lazy("Hiring"),
    gettext_lazy("Partnership"),
    gettext_lazy("Research"),
)


class UsedTag(NamedTuple):
    tag: str
    uses: int


def lead_tags_for(booth: Booth, *, limit: int = 8) -> list[str]:
    """The tags offered as one-tap buttons after a scan: the booth's most used, then a few of our own."""
    query = sql.SQL(
        "SELECT tag, count(*) AS uses FROM {visits}, unnest({tags}) AS tag WHERE {booth} = %s "
        "GROUP BY tag ORDER BY uses DESC, tag LIMIT %s"
    ).format(visits=table(Visit), tags=column(Visit, "tags"), booth=column(Visit, "booth"))
    used = [row.tag for row in fetch_all(query, [booth.pk, limit], UsedTag)]
    offered = used + [str(tag) for tag in DEFAULT_LEAD_TAGS if str(tag) not in used]
    return offered[:limit]


def visits_per_booth_on(event, date) -> list[Booth]:
    """Every booth of the event, annotated with `visits_on_day` (its visits on that day), busiest first."""
    return list(
        Booth.objects.filter(event=event)
        .annotate(visits_on_day=Count("visits", filter=models.Q(visits__day=date)))
        .order_by("-visits_on_day", "number")
    )
