"""The programme in other formats: iCalendar, and the frab/pretalx schedule as JSON and XML."""

from __future__ import annotations

import datetime
import json
import re
import uuid
from xml.etree import ElementTree

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from common.calendar import CalendarEntry, build_calendar
from events.models import Event

from .models import ProgrammeSession
from .selectors import programme_version, sessions_with_speakers

GUID_NAMESPACE = uuid.UUID("6f1c1f5e-4a3b-4f7e-9d35-2f1c5e0b7a11")
CACHE_SECONDS = 60 * 60
# The c3voc schedule schema's conference acronym: no hyphen after the first character
# (but for a "-2024-suffix" tail), at least four characters.
ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")


def session_url(session: ProgrammeSession) -> str:
    return settings.SITE_URL + reverse("programme:session", args=[session.event.slug, session.pk])


def _session_guid(session: ProgrammeSession) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{session.event.slug}/{session.pk}"))


def session_entry(session: ProgrammeSession) -> CalendarEntry:
    """A session as a calendar entry in the active language: speakers and abstract as its description."""
    speakers = ", ".join(role.speaker.name for role in session.speaker_roles.all())
    return CalendarEntry(
        uid=f"{_session_guid(session)}@symposium",
        summary=session.title,
        start=session.starts_at,
        end=session.ends_at,
        location=f"{session.room.name}, {session.event.venue}" if session.room else "",
        description="\n\n".join(part for part in (speakers, session.abstract) if part),
        url=session_url(session),
        last_modified=session.updated_at,
    )


def calendar_for(event: Event, sessions: list[ProgrammeSession], *, name: str) -> bytes:
    """An iCalendar file of the event's sessions (the programme, one session, an agenda feed)."""
    return build_calendar([session_entry(session) for session in sessions], time_zone=event.time_zone, name=name)


def schedule_acronym(event: Event) -> str:
    """The event's slug as the schedule formats' conference acronym ("aigs-demo" becomes "aigs_demo")."""
    text = event.slug.lower()
    if ACRONYM.match(text):
        return text
    text = re.sub(r"[^a-z0-9_]", "_", text)
    return text if len(text) >= 4 else f"{text}_{event.start_date.year}"


def session_slug(session: ProgrammeSession, acronym: str) -> str:
    """The c3voc `<acronym>-<id>-<title>` slug: lower-case ASCII, the same in every language."""
    title = slugify(session.title_en or session.title_ko)[:50].strip("-_")
    if len(title) < 3:  # a Korean-only title has no ASCII letters to keep
        title = slugify(session.kind).strip("-_") or "session"
    return f"{re.sub(r'[^a-z0-9_]', '_', acronym)}-{session.pk}-{title}"


def _duration(start: datetime.datetime, end: datetime.datetime) -> str:
    minutes = int((end - start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule_dict(event: Event) -> dict:
    """The programme in the frab/pretalx schedule format (schedule.json)."""
    zone = event.zone
    acronym = schedule_acronym(event)
    sessions = list(sessions_with_speakers(event).filter(is_published=True))
    rooms = []
    for session in sessions:
        if session.room and session.room not in rooms:
            rooms.append(session.room)
    rooms.sort(key=lambda room: (room.order, room.pk))
    days = []
    for index, date in enumerate(event.days, start=1):
        todays = [session for session in sessions if session.starts_at.astimezone(zone).date() == date]
        by_room: dict[str, list] = {room.name: [] for room in rooms}
        for session in todays:
            room_name = session.room.name if session.room else ""
            by_room.setdefault(room_name, []).append(_frab_event(session, zone, acronym))
        day_start = datetime.datetime.combine(date, datetime.time(0, 0), tzinfo=zone)
        days.append(
            {
                "index": index,
                "date": date.isoformat(),
                "day_start": day_start.isoformat(),
                "day_end": (day_start + datetime.timedelta(days=1)).isoformat(),
                "rooms": {name: entries for name, entries in by_room.items() if entries},
            }
        )
    version = max((session.updated_at for session in sessions), default=event.updated_at)
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "symposium", "version": "1"},
        "schedule": {
            "version": version.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "base_url": settings.SITE_URL + "/",
            "conference": {
                "acronym": acronym,
                "title": event.name,
                "start": event.start_date.isoformat(),
                "end": event.end_date.isoformat(),
                "daysCount": len(days),
                "timeslot_duration": "00:05",
                "time_zone_name": event.time_zone,
                "url": settings.SITE_URL + reverse("registration:event-home", args=[event.slug]),
                "rooms": [
                    {"name": room.name, "guid": str(uuid.uuid5(GUID_NAMESPACE, f"room/{room.pk}"))} for room in rooms
                ],
                "days": days,
            },
        },
    }


def _frab_event(session: ProgrammeSession, zone, acronym: str) -> dict:
    starts = session.starts_at.astimezone(zone)
    return {
        "id": session.pk,
        "guid": _session_guid(session),
        "logo": None,
        "date": starts.isoformat(),
        "start": starts.strftime("%H:%M"),
        "duration": _duration(session.starts_at, session.ends_at),
        "room": session.room.name if session.room else "",
        "slug": session_slug(session, acronym),
        "url": session_url(session),
        "title": session.title,
        "subtitle": "",
        "track": session.track.name if session.track else None,
        "type": session.kind,
        "language": session.language.split("+")[0],
        "abstract": session.abstract,
        "description": "",
        "recording_license": "",
        "do_not_record": False,
        # pretalx's person form (name, biography): with frab's integer `id` beside `public_name`
        # an entry would match both of the schema's person kinds, which it forbids.
        "persons": [
            {
                "guid": str(uuid.uuid5(GUID_NAMESPACE, f"speaker/{role.speaker.pk}")),
                "name": role.speaker.name,
                "public_name": role.speaker.name,
                "biography": role.speaker.bio,
                "role": role.role,
            }
            for role in session.speaker_roles.all()
        ],
        "links": [],
        "attachments": [],
    }


def schedule_xml(schedule: dict) -> bytes:
    """The frab XML form of schedule_dict's output."""
    data = schedule["schedule"]
    conference = data["conference"]
    root = ElementTree.Element("schedule")
    ElementTree.SubElement(root, "generator", name="symposium", version="1")
    ElementTree.SubElement(root, "version").text = data["version"]
    conference_element = ElementTree.SubElement(root, "conference")
    for tag, key in [
        ("acronym", "acronym"),
        ("title", "title"),
        ("start", "start"),
        ("end", "end"),
        ("days", "daysCount"),
        ("timeslot_duration", "timeslot_duration"),
        ("time_zone_name", "time_zone_name"),
        ("base_url", "url"),
    ]:
        ElementTree.SubElement(conference_element, tag).text = str(conference[key])
    for day in conference["days"]:
        day_element = ElementTree.SubElement(
            root, "day", index=str(day["index"]), date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for room_name, entries in day["rooms"].items():
            room_element = ElementTree.SubElement(day_element, "room", name=room_name)
            for entry in entries:
                event_element = ElementTree.SubElement(room_element, "event", id=str(entry["id"]), guid=entry["guid"])
                for tag in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type",
                            "language", "abstract", "description"):  # fmt: skip
                    ElementTree.SubElement(event_element, tag).text = "" if entry[tag] is None else str(entry[tag])
                persons = ElementTree.SubElement(event_element, "persons")
                for person in entry["persons"]:
                    ElementTree.SubElement(persons, "person", guid=person["guid"]).text = person["name"]
                ElementTree.SubElement(event_element, "links")
                ElementTree.SubElement(event_element, "attachments")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="utf-8")


def cached_export(event: Event, kind: str) -> bytes:
    """schedule.json, schedule.xml or programme.ics, cached until the programme changes."""
    language = translation.get_language() or "ko"
    key = f"programme-export:{event.pk}:{programme_version(event.slug)}:{kind}:{language}"
    content = cache.get(key)
    if content is None:
        if kind == "json":
            content = json.dumps(schedule_dict(event), ensure_ascii=False).encode()
        elif kind == "xml":
            content = schedule_xml(schedule_dict(event))
        else:
            sessions = list(sessions_with_speakers(event).filter(is_published=True))
            content = calendar_for(event, sessions, name=event.name)
        cache.set(key, content, CACHE_SECONDS)
    return content
