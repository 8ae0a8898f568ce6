"""The one iCalendar (RFC 5545) writer: every calendar the site serves or attaches to an email.

Each app turns its own objects into `CalendarEntry` values (in the language the
calendar is for: the entries' words are read from the bilingual fields while that
language is active) and this module writes them with the `icalendar` library, which
folds lines at 75 octets, ends them with CRLF and escapes `,`, `;`, `\\` and newlines.

What every calendar here has in common:
- times in the event's time zone (`TZID` with its `VTIMEZONE`), so a calendar app
  shows the event's own hours as well as the reader's; days attended are all-day dates;
- a stable `UID` per thing (a session, an event day, the townhall), so a feed refreshed
  or an email sent again updates the entry instead of adding a second one;
- the language of its words on each text (`LANGUAGE=ko` or `en`);
- `METHOD:PUBLISH` when it is attached to an email (a calendar to add, not an invitation
  to answer: answers go through the site).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.utils import timezone, translation

PRODUCT_ID = "-//Symposium//Symposium//EN"
MIMETYPE = "text/calendar"


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT: a timed entry (aware datetimes) or an all-day one (dates, `end` the day after)."""

    uid: str
    summary: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date
    location: str = ""
    description: str = ""
    url: str = ""
    # When the thing last changed; a feed's entries carry it so that clients notice edits.
    last_modified: datetime.datetime | None = None


def _in_zone(moment: datetime.datetime | datetime.date, zone: zoneinfo.ZoneInfo):
    if isinstance(moment, datetime.datetime):
        if timezone.is_naive(moment):
            raise ValueError("calendar times must be aware")
        return moment.astimezone(zone)
    return moment  # an all-day date has no zone


def build_calendar(
    entries: Iterable[CalendarEntry],
    *,
    time_zone: str,
    name: str = "",
    language: str | None = None,
    method: str = "",
) -> bytes:
    """The entries as an iCalendar file, times in `time_zone`, words marked as `language`.

    `language` defaults to the active one; `method` is "PUBLISH" for an email's
    attachment and empty for a feed or a download.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    language = language or translation.get_language() or "ko"
    words = {"LANGUAGE": language}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("name", name, parameters=words)
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    stamp = timezone.now().astimezone(datetime.UTC)
    for item in entries:
        entry = icalendar.Event()
        entry.add("uid", item.uid)
        entry.add("dtstamp", (item.last_modified or stamp).astimezone(datetime.UTC))
        entry.add("dtstart", _in_zone(item.start, zone))
        entry.add("dtend", _in_zone(item.end, zone))
        entry.add("summary", item.summary, parameters=words)
        if item.last_modified:
            entry.add("last-modified", item.last_modified.astimezone(datetime.UTC))
        if item.location:
            entry.add("location", item.location, parameters=words)
        if item.description:
            entry.add("description", item.description, parameters=words)
        if item.url:
            entry.add("url", item.url)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
