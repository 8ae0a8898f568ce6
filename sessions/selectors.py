"""Reads of the programme: the public programme, sessions, speakers, agendas, exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from common import capacity
from events.enums import Area
from events.models import Event
from events.rules import may_work_on

from .enums import ReservationStatus
from .models import AgendaFeed, AgendaItem, ProgrammeSession, Room, SeatReservation, SessionSpeaker, Speaker, Track
from .pools import SESSION_SEATS

PROGRAMME_VERSION_KEY = "programme-version:{event_slug}"


def programme_version(event_slug: str) -> int:
    """A number that changes whenever the event or its programme changes (cache keys use it).

    Keyed by the slug, so a cached page is found without touching the database.
    """
    key = PROGRAMME_VERSION_KEY.format(event_slug=event_slug)
    version = cache.get(key)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(key, version, timeout=None)
        version = cache.get(key, version)
    return version


def _visible_sessions(event: Event, user) -> Q:
    if may_work_on(user, event, Area.PROGRAMME):  # the programme team previews what is not published yet
        return Q(event=event)
    return Q(event=event, is_published=True)


def sessions_with_speakers(event: Event, user=None):
    """The event's sessions in time order, with rooms, tracks and speakers in three queries."""
    return (
        ProgrammeSession.objects.filter(_visible_sessions(event, user))
        .select_related("room", "track", "event")
        .prefetch_related(
            Prefetch(
                "speaker_roles",
                queryset=SessionSpeaker.objects.select_related("speaker__organization").order_by("order", "id"),
            )
        )
        .order_by("starts_at", "room__order", "id")
    )


def access_session(user, event: Event, session_id: int) -> ProgrammeSession:
    session = sessions_with_speakers(event, user).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session.")
    return session


def access_speaker(user, event: Event, speaker_id: int) -> tuple[Speaker, list[ProgrammeSession]]:
    """A speaker and their visible sessions; a speaker with none is not public."""
    speaker = Speaker.objects.filter(event=event, pk=speaker_id).select_related("organization").first()
    if speaker is None:
        raise Http404("No such speaker.")
    sessions = list(sessions_with_speakers(event, user).filter(speaker_roles__speaker=speaker))
    if not sessions:
        raise Http404("No such speaker.")
    return speaker, sessions


GRID_MINUTES = 5  # one grid row; a session spans as many rows as its duration has
GRID_MAX_ROWS = 24 * 60 // GRID_MINUTES + 1  # the placement classes in static/css/programme-grid.css
GRID_MAX_COLUMNS = 24  # the time column and 23 rooms


def speakers_of(event: Event, user=None) -> list[Speaker]:
    """The event's speakers who have a session the person may see, by name in the current language.

    Each carries `visible_roles`: their parts in those sessions, in time order (two queries in all).
    """
    visible = ProgrammeSession.objects.filter(_visible_sessions(event, user))
    roles = (
        SessionSpeaker.objects.filter(session__in=visible)
        .select_related("session__room")
        .order_by("session__starts_at", "session__pk")
    )
    speakers = (
        Speaker.objects.filter(event=event, session_roles__session__in=visible)
        .distinct()
        .select_related("organization")
        .prefetch_related(Prefetch("session_roles", queryset=roles, to_attr="visible_roles"))
    )
    return sorted(speakers, key=lambda speaker: (speaker.name.casefold(), speaker.pk))


@dataclass
class GridPlacement:
    """Where a session sits in the day's grid: CSS grid lines (row 1 is the rooms' header)."""

    session: ProgrammeSession
    column: int
    row_start: int
    row_end: int


@dataclass
class TimeSlot:
    """The sessions that start at one time, in room order: a group of the list on phones."""

    starts_at: datetime.datetime
    row: int
    placements: list[GridPlacement]


@dataclass
class ProgrammeDay:
    date: datetime.date
    sessions: list[ProgrammeSession]
    rooms: list[Room]
    slots: list[TimeSlot] = field(default_factory=list)
    rows: int = 0


@dataclass
class UnassignedRoom:
    """The grid column of sessions that have no room yet."""

    pk: None = None
    hall: str = ""

    @property
    def name(self) -> str:
        return gettext("Room to be announced")


def _slots(sessions: list[ProgrammeSession], rooms: list, zone) -> tuple[list[TimeSlot], int]:
    """The day's sessions grouped by start time, each placed on rows of GRID_MINUTES from the first start.

    Returns the slots and the number of grid lines the day needs. Times off the
    five-minute raster are rounded outwards; a day longer than the stylesheet's
    rows is cut at its last row (the list still shows every session).
    """
    if not sessions:
        return [], 0
    origin = min(session.starts_at for session in sessions).astimezone(zone)
    origin = origin.replace(minute=origin.minute - origin.minute % GRID_MINUTES, second=0, microsecond=0)
    column_of = {room.pk: index + 2 for index, room in enumerate(rooms)}  # column 1 is the time

    def line(moment: datetime.datetime, *, up: bool) -> int:
        minutes = (moment - origin).total_seconds() / 60
        rows = int(minutes // GRID_MINUTES) + (1 if up and minutes % GRID_MINUTES else 0)
        return min(rows + 2, GRID_MAX_ROWS)

    slots: dict[datetime.datetime, TimeSlot] = {}
    for session in sessions:
        start = line(session.starts_at, up=False)
        end = max(line(session.ends_at, up=True), start + 1)
        slot = slots.get(session.starts_at)
        if slot is None:
            slot = slots[session.starts_at] = TimeSlot(timezone.localtime(session.starts_at, zone), start, [])
        slot.placements.append(GridPlacement(session, min(column_of[session.room_id], GRID_MAX_COLUMNS), start, end))
    ordered = sorted(slots.values(), key=lambda slot: slot.starts_at)
    last_line = max(placement.row_end for slot in ordered for placement in slot.placements)
    return ordered, last_line


def programme_days(event: Event, *, user=None, track=None, kind=None, language=None) -> list[ProgrammeDay]:
    sessions = list(sessions_with_speakers(event, user))
    if track:
        sessions = [session for session in sessions if str(session.track_id) == track]
    if kind:
        sessions = [session for session in sessions if session.kind == kind]
    if language:
        sessions = [session for session in sessions if language in session.language.split("+")]
    rooms = list(Room.objects.filter(event=event).order_by("order", "id"))
    zone = event.zone
    days = []
    for date in event.days:
        todays = [session for session in sessions if session.local_starts_at.date() == date]
        used_rooms: list = [room for room in rooms if any(session.room_id == room.pk for session in todays)]
        if any(session.room_id is None for session in todays):
            used_rooms.append(UnassignedRoom())
        day = ProgrammeDay(date=date, sessions=todays, rooms=used_rooms)
        day.slots, day.rows = _slots(todays, used_rooms, zone)
        days.append(day)
    return days


def now_and_next(sessions: list[ProgrammeSession], at: datetime.datetime | None = None) -> tuple[set[int], set[int]]:
    """Ids of the sessions under way and of those starting next."""
    at = at or timezone.now()
    current = {session.pk for session in sessions if session.starts_at <= at < session.ends_at}
    upcoming = [session for session in sessions if session.starts_at > at]
    if not upcoming:
        return current, set()
    next_start = min(session.starts_at for session in upcoming)
    return current, {session.pk for session in upcoming if session.starts_at == next_start}


def agenda_session_ids(user, event: Event) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(AgendaItem.objects.filter(user=user, session__event=event).values_list("session_id", flat=True))


def agenda_sessions(user, event: Event) -> list[ProgrammeSession]:
    return list(
        sessions_with_speakers(event, user).filter(agenda_items__user=user, is_published=True).order_by("starts_at")
    )


def overlapping_pairs(sessions: list[ProgrammeSession]) -> list[tuple[ProgrammeSession, ProgrammeSession]]:
    """Pairs of chosen sessions whose times overlap (sessions sorted by start)."""
    pairs = []
    for index, first in enumerate(sessions):
        for second in sessions[index + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            pairs.append((first, second))
    return pairs


def feed_for_token(token: str) -> AgendaFeed:
    feed = AgendaFeed.objects.select_related("user", "event").filter(token=token).first()
    if feed is None:
        raise Http404("No such feed.")
    return feed


def reservation_for(user, session: ProgrammeSession) -> SeatReservation | None:
    if not getattr(user, "is_authenticated", False) or session.seat_limit is None:
        return None
    reservation = (
        SeatReservation.objects.filter(session=session, user=user).exclude(status=ReservationStatus.CANCELLED).first()
    )
    if reservation is not None and reservation.status == ReservationStatus.WAITLISTED:
        reservation.position = capacity.waitlist_position(SESSION_SEATS, reservation)
    return reservation


def tracks_of(event: Event) -> list[Track]:
    return list(Track.objects.filter(event=event).order_by("order", "id"))


# --- Personal data (common.personal_data) -----------------------------------------------


def agenda_export(user) -> dict:
    items = AgendaItem.objects.filter(user=user).select_related("session__event").order_by("session__starts_at", "pk")
    return {
        "sessions": [
            {
                "event": item.session.event.slug,
                "session": item.session.title,
                "starts_at": item.session.starts_at.isoformat(),
                "added_at": item.added_at.isoformat(),
            }
            for item in items
        ],
        "calendar_feeds": [
            {"event": feed.event.slug, "created_at": feed.created_at.isoformat()}
            for feed in AgendaFeed.objects.filter(user=user).select_related("event").order_by("pk")
        ],
    }


def seat_reservations_export(user) -> list[dict]:
    reservations = (
        SeatReservation.objects.filter(user=user).select_related("session__event").order_by("created_at", "pk")
    )
    return [
        {
            "event": reservation.session.event.slug,
            "session": reservation.session.title,
            "starts_at": reservation.session.starts_at.isoformat(),
            "status": reservation.status,
            "queue_number": reservation.queue_number,
            "reserved_at": reservation.created_at.isoformat(),
        }
        for reservation in reservations
    ]


def session_choices(event_id: int) -> list[tuple[int, str]]:
    """The event's sessions as (id, "start · title") choices, for apps that point at one (common.session_extras)."""
    sessions = ProgrammeSession.objects.filter(event_id=event_id).select_related("event").order_by("starts_at", "id")
    return [
        (session.pk, f"{timezone.localtime(session.starts_at, session.event.zone):%Y-%m-%d %H:%M} · {session.title}")
        for session in sessions
    ]
