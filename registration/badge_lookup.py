"""Whose badge a scanned code is: the one hand-written query every badge scan (booths, the entrance) starts with.

Scanning is the busiest path of the event, so the lookup is one light query,
written out (building it through the ORM costs more CPU than running it). Its
text is composed from the models' table and column names and its values (the
day status, the consent kind, the event, the code) are parameters, so a model
moved to another app or a renamed enum value cannot silently break it; it
answers a `BadgeHolder`, never a half-loaded model instance.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from functools import cache

from django.utils import translation
from psycopg2 import sql

from accounts.models import User
from common.scanning import ScanPerson
from common.sql import column, fetch_one, table
from events.enums import AttendeeCategory
from events.models import Organization
from people.enums import ConsentKind
from people.models import AttendeeProfile, Consent

from .enums import DayStatus
from .models import Registration, RegistrationDay


@dataclass(frozen=True)
class BadgeHolder:
    """A registration as a scan sees it: whether the badge admits, and the holder's details as plain values.

    `shares_with_booths` is the holder's consent in force now for the registration's own
    event: agreeing for another edition shares nothing here.
    """

    registration_id: int
    user_id: int | None
    category: str
    cancelled_at: datetime.datetime | None
    has_confirmed_day: bool
    shares_with_booths: bool | None
    email: str | None
    full_name: str | None
    research_interests: list[str] | None
    open_to_job_offers: bool | None
    organisation_ko: str | None
    organisation_en: str | None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def badge_is_valid(self) -> bool:
        """A badge admits its holder while the registration stands with a confirmed day."""
        return not self.is_cancelled and self.has_confirmed_day

    @property
    def organisation(self) -> str:
        """The holder's organisation in the language of the answer (the other one when it has none)."""
        name_ko, name_en = self.organisation_ko or "", self.organisation_en or ""
        english = (translation.get_language() or "ko").startswith("en")
        return (name_en or name_ko) if english else (name_ko or name_en)

    def person(self, *, shared: bool, contact: bool = True) -> ScanPerson:
        """The holder as the scanner shows them; without `shared`, nothing but that the scan counted.

        Without `contact` (the entrance desk), who they are only: name, organisation, category.
        """
        if not shared:
            return ScanPerson(shared=False)
        category = AttendeeCategory(self.category).label if self.category in AttendeeCategory.values else ""
        who = ScanPerson(shared=True, name=self.full_name or "", organisation=self.organisation, category=str(category))
        if not contact:
            return who
        return replace(
            who,
            interests=tuple(self.research_interests or ()),
            open_to_job_offers=bool(self.open_to_job_offers),
            email=self.email or "",
        )


@cache
def badge_lookup_sql() -> sql.Composed:
    """The lookup's text, in the order of BadgeHolder's fields (composed once, from the models)."""

    def r(field):
        return column(Registration, field, "r")

    return sql.SQL(
        """
SELECT {r_id}, {r_user}, {r_category}, {r_cancelled},
       EXISTS (SELECT 1 FROM {days} d WHERE {d_registration} = {r_id} AND {d_status} = %(confirmed)s),
       (SELECT {c_granted} FROM {consents} c
         WHERE {c_user} = {r_user} AND {c_event} = {r_event} AND {c_kind} = %(share_with_booths)s
         ORDER BY {c_recorded} DESC, {c_id} DESC LIMIT 1),
       {u_email}, {p_name}, {p_interests}, {p_open}, {o_name_ko}, {o_name_en}
FROM {registrations} r
LEFT JOIN {users} u ON {u_id} = {r_user}
LEFT JOIN {profiles} p ON {p_user} = {r_user}
LEFT JOIN {organisations} o ON {o_id} = {p_organisation}
WHERE {r_event} = %(event)s AND {r_badge_code} = %(badge_code)s
"""
    ).format(
        registrations=table(Registration),
        days=table(RegistrationDay),
        consents=table(Consent),
        users=table(User),
        profiles=table(AttendeeProfile),
        organisations=table(Organization),
        r_id=r("id"),
        r_user=r("user"),
        r_category=r("category"),
        r_cancelled=r("cancelled_at"),
        r_event=r("event"),
        r_badge_code=r("badge_code"),
        d_registration=column(RegistrationDay, "registration", "d"),
        d_status=column(RegistrationDay, "status", "d"),
        c_granted=column(Consent, "granted", "c"),
        c_user=column(Consent, "user", "c"),
        c_event=column(Consent, "event", "c"),
        c_kind=column(Consent, "kind", "c"),
        c_recorded=column(Consent, "recorded_at", "c"),
        c_id=column(Consent, "id", "c"),
        u_id=column(User, "id", "u"),
        u_email=column(User, "email", "u"),
        p_user=column(AttendeeProfile, "user", "p"),
        p_name=column(AttendeeProfile, "full_name", "p"),
        p_interests=column(AttendeeProfile, "research_interests", "p"),
        p_open=column(AttendeeProfile, "open_to_job_offers", "p"),
        p_organisation=column(AttendeeProfile, "organization", "p"),
        o_id=column(Organization, "id", "o"),
        o_name_ko=column(Organization, "name_ko", "o"),
        o_name_en=column(Organization, "name_en", "o"),
    )


def registration_for_badge(*, event_id: int, badge_code: str) -> BadgeHolder | None:
    """The registration a scanned badge belongs to at this event, in one light query, or None."""
    params = {
        "confirmed": DayStatus.CONFIRMED.value,
        "share_with_booths": ConsentKind.SHARE_WITH_BOOTHS.value,
        "event": event_id,
        "badge_code": badge_code,
    }
    return fetch_one(badge_lookup_sql(), params, BadgeHolder)


@dataclass(frozen=True)
class DayStanding:
    """Where a registration stands on one day, for the desk to tell a person turned away what they do have."""

    status: str | None  # DayStatus on that day, None when the registration has no place on it
    confirmed_dates: tuple[datetime.date, ...]


def day_standing(*, registration_id: int, date: datetime.date) -> DayStanding:
    days = RegistrationDay.objects.filter(registration_id=registration_id)
    return DayStanding(
        status=days.filter(day__date=date).values_list("status", flat=True).first(),
        confirmed_dates=tuple(
            days.filter(status=DayStatus.CONFIRMED).order_by("day__date").values_list("day__date", flat=True)
        ),
    )
