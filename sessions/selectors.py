"""Reads of the programme: the public programme, sessions, speakers, agendas, exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from registration.models import Event

from .enums import ReservationStatus
from .models import AgendaFeed, AgendaItem, ProgrammeSession, Room, SeatReservation, SessionSpeaker, Speaker, Track

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
    if getattr(user, "is_staff", False):
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


@dataclass
class GridCell:
    session: ProgrammeSession | None
    rowspan: int = 1


@dataclass
class ProgrammeDay:
    date: datetime.date
    sessions: list[ProgrammeSession]
    rooms: list[Room]
    rows: list[tuple[datetime.datetime, list[GridCell | None]]] = field(default_factory=list)
    plenary: set[int] = field(default_factory=set)


@dataclass
class UnassignedRoom:
    """The grid column of sessions that have no room yet."""

    pk: None = None
    hall: str = ""

    @property
    def name(self) -> str:
        return gettext("Room to be announced")


def _grid(sessions: list[ProgrammeSession], rooms: list, zone) -> list:
    """Rows of (time, [cell per room], whether a session starts); a cell spans its rows, None where covered."""
    boundaries = sorted({moment for session in sessions for moment in (session.starts_at, session.ends_at)})
    row_of = {moment: index for index, moment in enumerate(boundaries)}
    column_of = {room.pk: index for index, room in enumerate(rooms)}
    table: list[list[GridCell | bool | None]] = [[False] * len(rooms) for _ in boundaries[:-1]]
    for session in sessions:
        column, first, last = column_of[session.room_id], row_of[session.starts_at], row_of[session.ends_at]
        table[first][column] = GridCell(session, rowspan=last - first)
        for covered in range(first + 1, last):
            table[covered][column] = None
    rows = []
    for index, row in enumerate(table):
        cells = [cell if cell is not False else GridCell(None) for cell in row]
        starts_here = any(cell is not None and cell.session is not None for cell in cells)
        rows.append((timezone.localtime(boundaries[index], zone), cells, starts_here))
    return rows


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
        day.rows = _grid(todays, used_rooms, zone)
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
        reservation.position = SeatReservation.objects.filter(
            session=session, status=ReservationStatus.WAITLISTED, queue_number__lte=reservation.queue_number
        ).count()
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
