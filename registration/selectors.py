from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from announcements.models import Announcement
from common import capacity, personal_data
from common.check_in_points import check_in_point
from common.exports import Table
from events.enums import Area
from events.models import Event, EventDay
from events.rules import event_ids_for, is_superuser, may_work_on, works_on
from people.enums import ConsentKind
from people.models import Consent
from people.selectors import get_attendee_profile

from .apps import ENTRANCE

# The scan path's badge lookup is part of this app's public reads.
from .badge_lookup import BadgeHolder as BadgeHolder
from .badge_lookup import registration_for_badge as registration_for_badge
from .enums import DayStatus
from .models import CheckInRole, EntranceCheckIn, Registration, RegistrationDay
from .pools import DAY_SEATS


def live_registration_event_ids(user) -> frozenset[int]:
    """The events the person holds a registration for that is not cancelled."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(
        Registration.objects.filter(user=user, cancelled_at__isnull=True).values_list("event_id", flat=True)
    )


def access_event(user, slug: str) -> Event:
    """The event behind a URL slug; unpublished editions exist only for the teams working on them."""
    return visible_event(user, Event.objects.filter(slug=slug).first())


def visible_event(user, event: Event | None) -> Event:
    """The event (as found by its slug, perhaps from a cache) if the person may see it, else 404."""
    if event is None or not (event.is_published or works_on(user, event)):
        raise Http404("No such event.")
    return event


def live_registration_for(*, event: Event, user) -> Registration | None:
    """The person's registration for the event that is not cancelled, with its days and positions."""
    if not user.is_authenticated:
        return None
    registration = Registration.objects.filter(event=event, user=user, cancelled_at__isnull=True).first()
    if registration is not None:
        registration.day_entries = registration_days_with_positions(registration)
    return registration


def last_cancelled_registration_for(*, event: Event, user) -> Registration | None:
    """The person's most recently cancelled registration for the event, with its days (to say what was cancelled)."""
    if not user.is_authenticated:
        return None
    registration = (
        Registration.objects.filter(event=event, user=user, cancelled_at__isnull=False)
        .order_by("-cancelled_at")
        .first()
    )
    if registration is not None:
        registration.day_entries = list(
            RegistrationDay.objects.filter(registration=registration).select_related("day").order_by("day__date")
        )
    return registration


def live_registrations_of(user) -> list[Registration]:
    """The person's registrations that are not cancelled, with their events, latest event first."""
    return list(
        Registration.objects.filter(user=user, cancelled_at__isnull=True)
        .select_related("event")
        .order_by("-event__start_date")
    )


def has_live_registration(*, event: Event, user) -> bool:
    """Whether the person holds a registration for the event that is not cancelled."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(event=event, user=user, cancelled_at__isnull=True).exists()


def registration_days_with_positions(registration: Registration) -> list[RegistrationDay]:
    """The registration's days, each waitlisted one annotated with its place in the queue (1 = next)."""
    return list(
        RegistrationDay.objects.filter(registration=registration)
        .select_related("day")
        .annotate(waitlist_position=capacity.waitlist_position_expression(DAY_SEATS))
        .order_by("day__date")
    )


def day_capacity_overview(event: Event) -> list[dict]:
    """Per day and category: confirmed, waitlisted, pending, and the seats that remain."""
    rows = (
        RegistrationDay.objects.filter(day__event=event)
        .values("day_id", "registration__category")
        .annotate(
            confirmed=Count("id", filter=Q(status=DayStatus.CONFIRMED)),
            waitlisted=Count("id", filter=Q(status=DayStatus.WAITLISTED)),
            pending=Count("id", filter=Q(status=DayStatus.PENDING)),
        )
    )
    by_day: dict[int, dict] = {}
    for day in EventDay.objects.filter(event=event).prefetch_related("quotas").order_by("date"):
        by_day[day.pk] = {
            "day": day,
            "quotas": {quota.category: quota.seats for quota in day.quotas.all()},
            "categories": {},
            "confirmed": 0,
            "waitlisted": 0,
            "pending": 0,
            "remaining": capacity.free_places(DAY_SEATS, day),
        }
    for row in rows:
        summary = by_day[row["day_id"]]
        summary["categories"][row["registration__category"]] = row
        for field in ("confirmed", "waitlisted", "pending"):
            summary[field] += row[field]
    return list(by_day.values())


def seats_left_by_day(event: Event) -> dict[int, int]:
    return {day.pk: capacity.free_places(DAY_SEATS, day) for day in EventDay.objects.filter(event=event)}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def account_export(user) -> dict:
    """The account itself, the addresses it signs in with, and what the person does as an organiser or helper."""
    return {
        "email": user.email,
        "date_joined": user.date_joined.isoformat(),
        "preferred_language": user.preferred_language,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "check_in_roles": [
            {"event": role.event.slug, "kind": role.kind}
            for role in CheckInRole.objects.filter(user=user).select_related("event").order_by("pk")
        ],
        "announcements_written": [
            {"event": item.event.slug, "subject": item.subject_ko, "written_at": item.created_at.isoformat()}
            for item in Announcement.objects.filter(created_by=user).select_related("event").order_by("pk")
        ],
    }


def profile_export(user) -> dict | None:
    profile = get_attendee_profile(user)
    if profile is None:
        return None
    return {
        "full_name": profile.full_name,
        "organization": profile.organization.name if profile.organization else None,
        "category": profile.category,
        "graduate_school": profile.graduate_school.name if profile.graduate_school else None,
        "position": profile.position,
        "research_interests": profile.research_interests,
        "open_to_job_offers": profile.open_to_job_offers,
        "accessibility_needs": profile.accessibility_needs,
    }


def registrations_export(user) -> list[dict]:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event")
        .prefetch_related(Prefetch("days", queryset=RegistrationDay.objects.select_related("day")))
        .order_by("created_at")
    )
    return [
        {
            "event": registration.event.slug,
            "badge_code": registration.badge_code,
            "category": registration.category,
            "registered_at": registration.created_at.isoformat(),
            "cancelled_at": _iso(registration.cancelled_at),
            "days": [{"date": entry.day.date.isoformat(), "status": entry.status} for entry in registration.days.all()],
        }
        for registration in registrations
    ]


def entrance_check_ins_export(user) -> list[dict]:
    check_ins = (
        EntranceCheckIn.objects.filter(registration__user=user)
        .select_related("registration__event", "day")
        .order_by("checked_in_at", "pk")
    )
    return [
        {
            "event": check_in.registration.event.slug,
            "date": check_in.day.date.isoformat(),
            "checked_in_at": check_in.checked_in_at.isoformat(),
        }
        for check_in in check_ins
    ]


def registered_emails(event: Event) -> set[str]:
    """The addresses of the people still linked to a registration for the event."""
    return set(User.objects.filter(registrations__event=event).values_list("email", flat=True).distinct().order_by())


def is_confirmed_attendee(*, event: Event, user, date=None) -> bool:
    """Whether the person holds a confirmed seat for the event (on that date, when given)."""
    if not getattr(user, "is_authenticated", False):
        return False
    entries = RegistrationDay.objects.filter(
        registration__event=event,
        registration__user=user,
        registration__cancelled_at__isnull=True,
        status=DayStatus.CONFIRMED,
    )
    if date is not None:
        entries = entries.filter(day__date=date)
    return entries.exists()


def confirmed_attendees_on(day: EventDay) -> list:
    """The registrations confirmed for the day, with their person and profile."""
    entries = RegistrationDay.objects.filter(
        day=day, status=DayStatus.CONFIRMED, registration__cancelled_at__isnull=True, registration__user__isnull=False
    ).select_related("registration__user__attendee_profile", "registration")
    return [entry.registration for entry in entries]


def shares_with_booths(user_ids, *, event: Event) -> set[int]:
    """Those of the users whose consent to share their details with this event's booth companies is in force now."""
    latest = (
        Consent.objects.filter(user_id__in=list(user_ids), event=event, kind=ConsentKind.SHARE_WITH_BOOTHS)
        .order_by("user_id", "-recorded_at", "-id")
        .distinct("user_id")
    )
    return {consent.user_id for consent in latest if consent.granted}


def may_check_in(user, event: Event, kind: str = ENTRANCE) -> bool:
    """Who may scan at one of the event's check-in points (common.check_in_points): superusers, members of a team
    of the event with the check-in area or the point's own team area (registrations at the entrance, townhall at
    the door), and people given the check-in role for it."""
    point = check_in_point(kind)
    if point is None:
        raise LookupError(f"No check-in point {kind!r} is registered")
    if not getattr(user, "is_authenticated", False):
        return False
    if may_work_on(user, event, Area.CHECK_IN) or (point.team_area and may_work_on(user, event, point.team_area)):
        return True
    return CheckInRole.objects.filter(user=user, event=event, kind=kind).exists()


def scans_badges(user) -> bool:
    """Those who check people in somewhere (a team's check-in, registrations or townhall area on some event, or a
    check-in role) use the badge scanner."""
    if not getattr(user, "is_authenticated", False):
        return False
    areas = (Area.CHECK_IN, Area.REGISTRATIONS, Area.TOWNHALL)
    if is_superuser(user) or any(event_ids_for(user, area) for area in areas):
        return True
    return CheckInRole.objects.filter(user=user).exists()


def entrance_counts(event: Event) -> list[tuple]:
    """(day, people checked in) for each day of the event."""
    counts = dict(EntranceCheckIn.objects.filter(day__event=event).values_list("day_id").annotate(count=Count("id")))
    return [(day, counts.get(day.pk, 0)) for day in EventDay.objects.filter(event=event).order_by("date")]


REGISTRATION_EXPORT_COLUMNS = [
    "badge_code", "name", "email", "category", "organisation", "graduate_school", "days", "registered_at"
]  # fmt: skip


def registrations_table(registrations) -> Table:
    """The organisers' export of the given registrations (a queryset), one row each."""
    registrations = registrations.select_related(
        "user__attendee_profile__organization", "user__attendee_profile__graduate_school"
    )

    def rows():
        for registration in registrations:
            profile = getattr(registration.user, "attendee_profile", None) if registration.user else None
            yield [
                registration.badge_code,
                profile.full_name if profile else "",
                registration.user.email if registration.user else "",
                registration.category,
                profile.organization.name if profile and profile.organization else "",
                profile.graduate_school.name if profile and profile.graduate_school else "",
                "; ".join(f"{entry.day.date:%Y-%m-%d} {entry.status}" for entry in registration.days.all()),
                registration.created_at.isoformat(),
            ]

    return Table(name="registrations", header=REGISTRATION_EXPORT_COLUMNS, rows=rows())


# --- Retention -----------------------------------------------------------------------------


def personal_data_removal_date(event: Event) -> datetime.date:
    """One year after the event's last day (28 February for a last day on 29 February)."""
    try:
        return event.end_date.replace(year=event.end_date.year + 1)
    except ValueError:
        return event.end_date.replace(year=event.end_date.year + 1, day=28)


def retention_schedule(*, now: datetime.datetime | None = None) -> list[dict]:
    """Per event, latest first: when its attendees' personal data goes, and how many people it still holds."""
    now = now or timezone.now()
    rows = []
    for event in Event.objects.order_by("-end_date", "pk"):
        removal_date = personal_data_removal_date(event)
        rows.append(
            {
                "event": event,
                "removal_date": removal_date,
                "people": len(personal_data.event_people(event)),
                "due": removal_date <= timezone.localdate(now, event.zone),
            }
        )
    return rows


# --- The entrance desk (common.desk) ------------------------------------------------------


def desk_today(event: Event) -> datetime.date:
    """The event's own date now: the day the entrance desk admits people for."""
    return timezone.localtime(timezone.now(), event.zone).date()


def desk_registrations(*, event: Event, query: str, on: datetime.date, limit: int) -> list[Registration]:
    """Registrations of the event whose holder's name or email contains the query, in three queries.

    Each carries `today_status` (its place on the day, or None), `checked_in_at`
    (that day's check-in, or None) and `confirmed_dates`. A person with a live
    registration is listed once, by it, even when an older one was cancelled.
    """
    found = list(
        Registration.objects.filter(event=event, user__isnull=False)
        .filter(Q(user__attendee_profile__full_name__icontains=query) | Q(user__email__icontains=query))
        .select_related("user__attendee_profile__organization")
        .annotate(
            today_status=Subquery(
                RegistrationDay.objects.filter(registration=OuterRef("pk"), day__date=on).values("status")[:1]
            ),
            checked_in_at=Subquery(
                EntranceCheckIn.objects.filter(registration=OuterRef("pk"), day__date=on).values("checked_in_at")[:1]
            ),
        )
        .order_by("user__attendee_profile__full_name", "user__email", F("cancelled_at").desc(nulls_first=True))[
            : limit * 2
        ]
    )
    seen: set[int] = set()
    registrations = []
    for registration in found:
        if registration.user_id not in seen:
            seen.add(registration.user_id)
            registrations.append(registration)
    registrations = registrations[:limit]
    dates: dict[int, list[datetime.date]] = {}
    for registration_id, date in (
        RegistrationDay.objects.filter(registration__in=registrations, status=DayStatus.CONFIRMED)
        .order_by("day__date")
        .values_list("registration_id", "day__date")
    ):
        dates.setdefault(registration_id, []).append(date)
    for registration in registrations:
        registration.confirmed_dates = dates.get(registration.pk, [])
    return registrations


def entrance_count(*, event: Event, on: datetime.date) -> tuple[int, int, bool]:
    """(people checked in on the day, people confirmed for it, whether the event has that day)."""
    day = EventDay.objects.filter(event=event, date=on).first()
    if day is None:
        return 0, 0, False
    return EntranceCheckIn.objects.filter(day=day).count(), day.confirmed_count, True


def registration_status_counts(event: Event) -> dict[str, int]:
    """People per day status (someone with two days in one status counts once), and the cancelled."""
    counts = dict(
        RegistrationDay.objects.filter(registration__event=event, registration__cancelled_at__isnull=True)
        .values("status")
        .annotate(people=Count("registration", distinct=True))
        .values_list("status", "people")
    )
    counts["cancelled_registrations"] = Registration.objects.filter(event=event, cancelled_at__isnull=False).count()
    return counts


def entrance_check_ins_by_day(event: Event) -> dict[int, int]:
    """Check-ins at the entrance per event day id."""
    return dict(
        EntranceCheckIn.objects.filter(day__event=event)
        .values("day_id")
        .annotate(count=Count("id"))
        .values_list("day_id", "count")
    )
