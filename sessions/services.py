"""Writes of the programme: agendas, calendar feeds, seat reservations, duplication and CSV import."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common import capacity
from common.exports import Table, read_cell
from common.input import parse_int, read_csv_text
from events.models import Event
from mail.models import EmailStatus, OutboundEmail
from registration.selectors import is_confirmed_attendee

from .enums import ReservationStatus, SessionKind, SessionLanguage
from .models import AgendaFeed, AgendaItem, ProgrammeSession, Room, SeatReservation, Track
from .pools import SESSION_SEATS
from .reminders import SESSION
from .selectors import PROGRAMME_VERSION_KEY


def bump_programme_version(event_slug: str) -> None:
    """Retires every cached page and export of the event's programme.

    Once now and again when the change is committed: a page rendered in between
    from the data before the change would otherwise be kept under the new version.
    """

    def bump() -> None:
        with contextlib.suppress(ValueError):  # no version yet: the next read creates one
            cache.incr(PROGRAMME_VERSION_KEY.format(event_slug=event_slug))

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def set_published(*, sessions, published: bool) -> int:
    """Publishes or unpublishes sessions in one statement, and retires the cached programme."""
    slugs = set(sessions.values_list("event__slug", flat=True))
    count = sessions.update(is_published=published)
    for slug in slugs:
        bump_programme_version(slug)
    return count


def _require_published(session: ProgrammeSession) -> None:
    if not session.is_published:
        raise ValidationError(_("This session is not published."))


def add_to_agenda(*, user, session: ProgrammeSession) -> AgendaItem:
    """Adds a published session to the person's agenda; adding twice keeps one entry."""
    _require_published(session)
    item, _created = AgendaItem.objects.get_or_create(user=user, session=session)
    return item


def remove_from_agenda(*, user, session: ProgrammeSession) -> None:
    AgendaItem.objects.filter(user=user, session=session).delete()


def agenda_feed_for(*, user, event: Event) -> AgendaFeed:
    """The person's calendar feed for the event, created on first use."""
    feed = AgendaFeed.objects.filter(user=user, event=event).first()
    if feed:
        return feed
    try:
        with transaction.atomic():
            return AgendaFeed.objects.create(user=user, event=event, token=secrets.token_urlsafe(32))
    except IntegrityError:
        return AgendaFeed.objects.get(user=user, event=event)


def reset_agenda_feed(*, user, event: Event) -> AgendaFeed:
    """Gives the feed a new secret address; the old one stops working at once."""
    feed = agenda_feed_for(user=user, event=event)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed


# --- Seats in seat-limited sessions ---------------------------------------------


@transaction.atomic
def reserve_seat(*, user, session: ProgrammeSession) -> SeatReservation:
    """Reserves a seat, or a place on the waitlist, under the session's row lock (common.capacity).

    Only attendees confirmed for the session's day may reserve. A repeated
    request returns the reservation already made.
    """
    session = capacity.lock(SESSION_SEATS, session.pk, queryset=ProgrammeSession.objects.select_related("event"))
    _require_published(session)
    if session.seat_limit is None:
        raise ValidationError(_("This session needs no reservation: just come."))
    if not is_confirmed_attendee(event=session.event, user=user, date=session.local_starts_at.date()):
        raise ValidationError(_("Only attendees registered for that day can reserve a seat."))
    existing = (
        SeatReservation.objects.filter(session=session, user=user).exclude(status=ReservationStatus.CANCELLED).first()
    )
    if existing:
        return existing
    reservation = SeatReservation(session=session, user=user)
    capacity.claim(SESSION_SEATS, session, reservation)
    return reservation


@transaction.atomic
def cancel_seat(*, user_id: int, session: ProgrammeSession) -> list[SeatReservation]:
    """Gives a seat back; the first person waiting gets it (returned). Cancelling twice changes nothing."""
    session = capacity.lock(SESSION_SEATS, session.pk)
    reservation = (
        SeatReservation.objects.filter(session=session, user_id=user_id)
        .exclude(status=ReservationStatus.CANCELLED)
        .first()
    )
    if reservation is None:
        return []
    return capacity.release(SESSION_SEATS, session, reservation, status=ReservationStatus.CANCELLED)


@transaction.atomic
def fill_seats(*, session: ProgrammeSession) -> list[SeatReservation]:
    """After an organiser raised the seat limit (or removed it): the people waiting move up, first in line first."""
    session = capacity.lock(SESSION_SEATS, session.pk)
    return capacity.fill(SESSION_SEATS, session)


@transaction.atomic
def cancel_seats_of_attendee(*, user_id: int, event_id: int | None = None) -> None:
    """A cancelled registration (or a deleted account: every event) gives back the person's seats.

    Each freed seat goes to the first person waiting, as when the person cancels it themselves.
    """
    sessions = ProgrammeSession.objects.filter(
        reservations__user_id=user_id,
        reservations__status__in=[ReservationStatus.CONFIRMED, ReservationStatus.WAITLISTED],
    )
    if event_id is not None:
        sessions = sessions.filter(event_id=event_id)
    for session in sessions.distinct().order_by("pk"):  # sessions locked in one order: no deadlock
        cancel_seat(user_id=user_id, session=session)


# --- Organiser tools ----------------------------------------------------------------


def withdraw_stale_session_reminders(*, session: ProgrammeSession) -> int:
    """After a session moved: reminders still queued for its old start are not sent.

    The planner reminds at the new time under a new key (the key carries the start);
    the speakers' times follow inside the database, and agendas point at the session.
    """
    current = f"session:{session.pk}:{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M}"
    return (
        OutboundEmail.objects.filter(kind=SESSION, object_key__startswith=f"session:{session.pk}:")
        .filter(status=EmailStatus.QUEUED)
        .exclude(object_key=current)
        .update(status=EmailStatus.SKIPPED, last_error="the session moved")
    )


@transaction.atomic
def duplicate_session(*, session: ProgrammeSession) -> ProgrammeSession:
    """An unpublished copy without a room (so it cannot clash), with the same speakers."""
    copy = ProgrammeSession.objects.get(pk=session.pk)
    copy.pk = None
    copy.room = None
    copy.is_published = False
    copy.reserved_count = 0
    copy.next_queue_number = 1
    copy.title_ko = _("%(title)s (copy)") % {"title": session.title_ko}
    if session.title_en:
        copy.title_en = f"{session.title_en} (copy)"
    copy.save()
    # Speakers stay with the original: at the same time they would clash with themselves.
    return copy


CSV_COLUMNS = [
    "kind", "title_ko", "title_en", "date", "start", "end", "room", "track", "language", "seat_limit",
    "is_published", "abstract_ko", "abstract_en",
]  # fmt: skip


@dataclass
class ImportReport:
    created: int
    errors: list[tuple[int, str]]
    sessions: list[ProgrammeSession] = field(default_factory=list)  # as read (a preview's are not saved)


def _parse_row(event: Event, row: dict, rooms: dict, tracks: dict) -> ProgrammeSession:
    problems = []
    try:
        date = datetime.date.fromisoformat((row.get("date") or "").strip())
        starts = datetime.time.fromisoformat((row.get("start") or "").strip())
        ends = datetime.time.fromisoformat((row.get("end") or "").strip())
    except ValueError:
        raise ValidationError(_("date must be YYYY-MM-DD and start/end HH:MM.")) from None
    room_name = (row.get("room") or "").strip()
    room = rooms.get(room_name.lower())
    if room_name and room is None:
        problems.append(_("unknown room “%(room)s”") % {"room": room_name})
    track_name = (row.get("track") or "").strip()
    track = tracks.get(track_name.lower())
    if track_name and track is None:
        problems.append(_("unknown track “%(track)s”") % {"track": track_name})
    seat_limit_text = (row.get("seat_limit") or "").strip()
    seat_limit = parse_int(seat_limit_text, minimum=1) if seat_limit_text else None
    if seat_limit_text and seat_limit is None:
        problems.append(_("seat_limit must be a whole number"))
    if problems:
        raise ValidationError("; ".join(problems))
    zone = event.zone
    return ProgrammeSession(
        event=event,
        kind=(row.get("kind") or "").strip(),
        title_ko=(row.get("title_ko") or "").strip(),
        title_en=(row.get("title_en") or "").strip(),
        abstract_ko=(row.get("abstract_ko") or "").strip(),
        abstract_en=(row.get("abstract_en") or "").strip(),
        starts_at=datetime.datetime.combine(date, starts, tzinfo=zone),
        ends_at=datetime.datetime.combine(date, ends, tzinfo=zone),
        room=room,
        track=track,
        language=(row.get("language") or SessionLanguage.KOREAN).strip(),
        seat_limit=seat_limit,
        is_published=(row.get("is_published") or "").strip().lower() in {"1", "true", "yes", "y"},
    )


def preview_programme_csv(*, event: Event, data: bytes) -> ImportReport:
    """What import_programme_csv would do with the file, saving nothing: the sessions it reads, or its errors.

    Each row is saved and then rolled back, so the preview meets the same checks
    as the import, the database's constraints included.
    """
    return _read_programme_csv(event=event, data=data, keep=False)


def import_programme_csv(*, event: Event, data: bytes) -> ImportReport:
    """Imports sessions from CSV: all rows or none. Each bad row is reported with its line and reason."""
    return _read_programme_csv(event=event, data=data, keep=True)


def _read_programme_csv(*, event: Event, data: bytes, keep: bool) -> ImportReport:
    text = read_csv_text(data)
    if text is None:
        return ImportReport(0, [(1, _("The file is not UTF-8 text; save it as CSV UTF-8."))])
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        column for column in ("kind", "title_ko", "date", "start", "end") if column not in (reader.fieldnames or [])
    ]
    if missing:
        return ImportReport(0, [(1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})])
    rooms = {room.name_en.lower(): room for room in Room.objects.filter(event=event)}
    rooms |= {room.name_ko.lower(): room for room in Room.objects.filter(event=event)}
    tracks = {track.name_en.lower(): track for track in Track.objects.filter(event=event)}
    tracks |= {track.name_ko.lower(): track for track in Track.objects.filter(event=event)}
    errors: list[tuple[int, str]] = []
    created = 0
    sessions = []
    with transaction.atomic():
        for row in reader:
            line = reader.line_num
            row = {column: read_cell(value) if isinstance(value, str) else value for column, value in row.items()}
            try:
                session = _parse_row(event, row, rooms, tracks)
                if session.kind not in SessionKind.values:
                    raise ValidationError(_("unknown kind “%(kind)s”") % {"kind": session.kind})
                session.full_clean()
                with transaction.atomic():
                    session.save()
                created += 1
                sessions.append(session)
            except ValidationError as error:
                errors.append((line, " ".join(error.messages)))
            except IntegrityError:
                errors.append((line, _("clashes with another session in the same room")))
        if errors:
            transaction.set_rollback(True)
            return ImportReport(0, errors)
        if not keep:
            transaction.set_rollback(True)
    return ImportReport(created, [], sessions)


def programme_table(*, event: Event) -> Table:
    """The event's programme in the columns import_programme_csv reads back."""
    zone = event.zone

    def rows():
        sessions = ProgrammeSession.objects.filter(event=event).select_related("room", "track").order_by("starts_at")
        for session in sessions:
            starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
            yield [
                session.kind,
                session.title_ko,
                session.title_en,
                starts.date().isoformat(),
                starts.strftime("%H:%M"),
                ends.strftime("%H:%M"),
                session.room.name_en if session.room else "",
                session.track.name_en if session.track else "",
                session.language,
                session.seat_limit or "",
                "yes" if session.is_published else "no",
                session.abstract_ko,
                session.abstract_en,
            ]

    return Table(name=f"{event.slug}-programme", header=CSV_COLUMNS, rows=rows())


# --- Personal data (common.personal_data) -----------------------------------------------


def erase_agenda(user) -> None:
    AgendaItem.objects.filter(user=user).delete()
    AgendaFeed.objects.filter(user=user).delete()


def erase_seat_reservations(user) -> None:
    """Run after the seats were given back (cancel_seats_of_attendee): the rows stay as counts."""
    SeatReservation.objects.filter(user=user).update(user=None)


def forget_event_agendas(event: Event, emails: set[str]) -> None:
    AgendaItem.objects.filter(session__event=event).delete()
    AgendaFeed.objects.filter(event=event).delete()


def forget_event_seat_reservations(event: Event, emails: set[str]) -> None:
    SeatReservation.objects.filter(session__event=event, user__isnull=False).update(user=None)
