from __future__ import annotations

import datetime
from itertools import groupby
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from common import personal_data
from common.exports import Table
from events.enums import Area
from events.rules import event_ids_for, is_superuser, may_work_on, works_on

from .consent_texts import consent_text_version
from .enums import ConsentKind, DayStatus, PartnerRole
from .models import (
    Announcement,
    AttendeeProfile,
    CheckInRole,
    Consent,
    EntranceCheckIn,
    Event,
    EventDay,
    EventPartner,
    Organization,
    Registration,
    RegistrationDay,
    User,
)


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


def live_registration_event_ids(user) -> frozenset[int]:
    """The events the person holds a registration for that is not cancelled."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(
        Registration.objects.filter(user=user, cancelled_at__isnull=True).values_list("event_id", flat=True)
    )


def access_event(user, slug: str) -> Event:
    """The event behind a URL slug; unpublished editions exist only for the teams working on them."""
    event = Event.objects.filter(slug=slug).first()
    if event is None or not (event.is_published or works_on(user, event)):
        raise Http404("No such event.")
    return event


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


def current_consents(user, *, event: Event) -> dict[str, Consent]:
    """The consent in force for each kind the person has answered for this event: the latest record."""
    if not getattr(user, "is_authenticated", False):
        return {}
    latest = Consent.objects.filter(user=user, event=event).order_by("kind", "-recorded_at", "-id").distinct("kind")
    return {consent.kind: consent for consent in latest}


def consents_to_ask_again(user, *, event: Event) -> dict[str, bool]:
    """The boxes a consent form starts with: ticked only where the person agreed to these very words for this event."""
    return {
        kind: consent.granted
        for kind, consent in current_consents(user, event=event).items()
        if consent.text_version == consent_text_version(kind)
    }


def has_consent(user, kind: str, *, event: Event) -> bool:
    consent = current_consents(user, event=event).get(kind)
    return bool(consent and consent.granted)


def get_attendee_profile(user) -> AttendeeProfile | None:
    if not user.is_authenticated:
        return None
    return AttendeeProfile.objects.select_related("organization", "graduate_school").filter(user=user).first()


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
    ahead = (
        RegistrationDay.objects.filter(
            day=OuterRef("day"), status=DayStatus.WAITLISTED, queue_number__lte=OuterRef("queue_number")
        )
        .values("day")
        .annotate(count=Count("id"))
        .values("count")
    )
    return list(
        RegistrationDay.objects.filter(registration=registration)
        .select_related("day")
        .annotate(waitlist_position=Subquery(ahead))
        .order_by("day__date")
    )


def exhibitor_names(event: Event) -> str:
    """The companies a visitor's details may go to, named in the sharing consent."""
    names = [
        partner.organization.name
        for partner in EventPartner.objects.filter(event=event, role=PartnerRole.EXHIBITOR)
        .select_related("organization")
        .order_by("order", "id")
    ]
    return ", ".join(names)


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
            "remaining": day.capacity - day.confirmed_count,
        }
    for row in rows:
        summary = by_day[row["day_id"]]
        summary["categories"][row["registration__category"]] = row
        for field in ("confirmed", "waitlisted", "pending"):
            summary[field] += row[field]
    return list(by_day.values())


def seats_left_by_day(event: Event) -> dict[int, int]:
    return {day.pk: day.capacity - day.confirmed_count for day in EventDay.objects.filter(event=event)}


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


def reminder_preferences_export(user) -> dict | None:
    profile = get_attendee_profile(user)
    if profile is None:
        return None
    return {kind: getattr(profile, field) for kind, field in REMINDER_PREFERENCES.items()}


def consents_export(user) -> list[dict]:
    return [
        {
            "event": consent.event.slug,
            "kind": consent.kind,
            "granted": consent.granted,
            "text_version": consent.text_version,
            "recipients": consent.recipients,
            "recorded_at": consent.recorded_at.isoformat(),
        }
        for consent in Consent.objects.filter(user=user).select_related("event").order_by("recorded_at", "id")
    ]


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


REMINDER_PREFERENCES = {
    "day_before_reminder": "wants_day_before_reminder",
    "session_reminder": "wants_session_reminders",
    "consultation_reminder": "wants_consultation_reminders",
}


def confirmed_attendees_on(day: EventDay, *, wanting: str | None = None) -> list:
    """Users confirmed for the day (with their profile), optionally only those who want a reminder kind."""
    entries = RegistrationDay.objects.filter(
        day=day, status=DayStatus.CONFIRMED, registration__cancelled_at__isnull=True, registration__user__isnull=False
    ).select_related("registration__user__attendee_profile", "registration")
    if wanting:
        entries = entries.filter(**{f"registration__user__attendee_profile__{REMINDER_PREFERENCES[wanting]}": True})
    return [entry.registration for entry in entries]


def users_wanting(user_ids, kind: str) -> list:
    """Those of the users who have not turned that reminder off."""
    return list(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .exclude(**{f"attendee_profile__{REMINDER_PREFERENCES[kind]}": False})
        .select_related("attendee_profile")
    )


def announcement_recipients(announcement) -> list:
    """The people an announcement goes to, each once."""
    from .enums import AnnouncementSegment

    live = Registration.objects.filter(event=announcement.event, cancelled_at__isnull=True, user__isnull=False)
    if announcement.segment == AnnouncementSegment.ALL_CONFIRMED:
        live = live.filter(days__status=DayStatus.CONFIRMED)
    elif announcement.segment == AnnouncementSegment.CONFIRMED_ON_DAY:
        live = live.filter(days__status=DayStatus.CONFIRMED, days__day=announcement.day)
    elif announcement.segment == AnnouncementSegment.WAITLISTED:
        live = live.filter(days__status=DayStatus.WAITLISTED)
    if announcement.segment not in {
        AnnouncementSegment.ALL_CONFIRMED,
        AnnouncementSegment.CONFIRMED_ON_DAY,
        AnnouncementSegment.WAITLISTED,
        AnnouncementSegment.NEWS_SUBSCRIBERS,
    }:
        from .signals import collect_announcement_recipients

        found = {}
        for _receiver, users in collect_announcement_recipients.send(sender=Registration, announcement=announcement):
            found.update({user.email.lower(): user for user in users or []})
        return [found[email] for email in sorted(found)]
    users = list(User.objects.filter(pk__in=live.values("user_id"), is_active=True).order_by("pk"))
    if announcement.segment == AnnouncementSegment.NEWS_SUBSCRIBERS:
        latest = (
            Consent.objects.filter(kind=ConsentKind.ORGANISER_NEWS, event=announcement.event, user__in=users)
            .order_by("user_id", "-recorded_at", "-id")
            .distinct("user_id")
        )
        subscribed = {consent.user_id for consent in latest if consent.granted}
        users = [user for user in users if user.pk in subscribed]
    return users


def announcement_progress(announcement) -> dict[str, int]:
    from common.models import OutboundEmail

    return dict(
        OutboundEmail.objects.filter(kind="announcement", object_key=f"announcement:{announcement.pk}")
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )


BADGE_LOOKUP_COLUMNS = [
    "pk", "user_id", "category", "cancelled_at", "has_confirmed_day", "shares_with_booths", "user__email",
    "user__attendee_profile__full_name", "user__attendee_profile__research_interests",
    "user__attendee_profile__open_to_job_offers", "user__attendee_profile__organization__name_ko",
    "user__attendee_profile__organization__name_en",
]  # fmt: skip
# Table names from the models and the consent kind as a parameter, so a renamed table or kind cannot
# silently break the busiest query of the event. The consent read is the one in force for the
# registration's own event: agreeing for another edition shares nothing here.
BADGE_LOOKUP_SQL = f"""
SELECT r.id, r.user_id, r.category, r.cancelled_at,
       EXISTS (SELECT 1 FROM {RegistrationDay._meta.db_table} d WHERE d.registration_id = r.id AND d.status = %s),
       (SELECT c.granted FROM {Consent._meta.db_table} c
         WHERE c.user_id = r.user_id AND c.event_id = r.event_id AND c.kind = %s
         ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1),
       u.email, p.full_name, p.research_interests, p.open_to_job_offers, o.name_ko, o.name_en
FROM {Registration._meta.db_table} r
LEFT JOIN {User._meta.db_table} u ON u.id = r.user_id
LEFT JOIN {AttendeeProfile._meta.db_table} p ON p.user_id = r.user_id
LEFT JOIN {Organization._meta.db_table} o ON o.id = p.organization_id
WHERE r.event_id = %s AND r.badge_code = %s
"""  # noqa: S608 (only table names from the models are formatted in; every value is a parameter)


def registration_for_badge(*, event: Event, badge_code: str) -> Registration | None:
    """The registration a scanned badge belongs to, in one light query, or None.

    Scanning is the busiest path of the event, so this loads only what a scan
    needs: `has_confirmed_day`, `shares_with_booths` (the consent in force now)
    and `card`, the visitor's details as plain values.
    """
    # Written out once: building this through the ORM costs more CPU than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            BADGE_LOOKUP_SQL, [DayStatus.CONFIRMED.value, ConsentKind.SHARE_WITH_BOOTHS.value, event.pk, badge_code]
        )
        found = cursor.fetchone()
    row = dict(zip(BADGE_LOOKUP_COLUMNS, found, strict=True)) if found else None
    if row is None:
        return None
    registration = Registration(
        pk=row["pk"], event=event, user_id=row["user_id"], category=row["category"], cancelled_at=row["cancelled_at"]
    )
    registration.badge_code = badge_code
    registration.has_confirmed_day = row["has_confirmed_day"]
    registration.shares_with_booths = bool(row["shares_with_booths"])
    name_ko = row["user__attendee_profile__organization__name_ko"] or ""
    name_en = row["user__attendee_profile__organization__name_en"] or ""
    english = (translation.get_language() or "ko").startswith("en")
    registration.card = {
        "name": row["user__attendee_profile__full_name"] or "",
        "organisation": (name_en or name_ko) if english else (name_ko or name_en),
        "category": registration.get_category_display(),
        "interests": row["user__attendee_profile__research_interests"] or [],
        "open_to_job_offers": bool(row["user__attendee_profile__open_to_job_offers"]),
        "email": row["user__email"] or "",
    }
    return registration


def badge_is_valid(registration: Registration) -> bool:
    """A badge admits its holder while the registration stands with a confirmed day (from registration_for_badge)."""
    return registration.cancelled_at is None and registration.has_confirmed_day


def shares_with_booths(user_ids, *, event: Event) -> set[int]:
    """Those of the users whose consent to share their details with this event's booth companies is in force now."""
    latest = (
        Consent.objects.filter(user_id__in=list(user_ids), event=event, kind=ConsentKind.SHARE_WITH_BOOTHS)
        .order_by("user_id", "-recorded_at", "-id")
        .distinct("user_id")
    )
    return {consent.user_id for consent in latest if consent.granted}


def may_check_in(user, event: Event, kind: str = "entrance") -> bool:
    """Who may scan at this event's entrance (or its townhall door): superusers, members of a team of the event
    with the check-in area (or the registrations area at the entrance, the townhall area at the door), and
    people given the check-in role for it."""
    if not getattr(user, "is_authenticated", False):
        return False
    area = Area.TOWNHALL if kind == "door" else Area.REGISTRATIONS
    if may_work_on(user, event, Area.CHECK_IN) or may_work_on(user, event, area):
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
