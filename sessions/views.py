from __future__ import annotations

import datetime
import functools
import hashlib
import re
from typing import NamedTuple
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.api import HTML, Component, json_endpoint
from common.input import safe_next_url
from common.session_extras import SessionRef, session_extras, session_extras_version
from common.templatetags.language_links import language_alternates
from events.models import Event
from registration.selectors import access_event, live_registration_event_ids, visible_event

from . import services
from .enums import SessionKind, SessionLanguage
from .exports import cached_export, calendar_for
from .models import Track
from .selectors import (
    PROGRAMME_VERSION_KEY,
    access_session,
    access_speaker,
    agenda_session_ids,
    agenda_sessions,
    feed_for_token,
    now_and_next,
    overlapping_pairs,
    programme_days,
    programme_version,
    reservation_for,
    speakers_of,
    tracks_of,
)

AGENDA_NOTE_KEY = "programme:agenda-note"


def _take_agenda_note(request, sessions) -> dict | None:
    """The confirmation of the last agenda change posted without JavaScript, shown once.

    It goes on the card of its session when that is on the page (the redirect
    comes back to the button's anchor); otherwise it is returned for the top of the page.
    """
    if not request.user.is_authenticated:
        return None  # anonymous pages are shared copies: no session is read or made for them
    note = request.session.pop(AGENDA_NOTE_KEY, None)
    if not isinstance(note, dict):
        return None
    for session in sessions:
        if session.pk == note.get("session"):
            session.agenda_note = note
            return None
    return note


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


SHARED_PAGE_SECONDS = 60


# The programme version each worker saw last, per event: with it the version and
# the page are fetched in one round trip; a stale guess costs a second one.
_last_seen_versions: dict[str, int] = {}


def _shared_page_key(event_slug: str, version: int, request) -> str:
    return ":".join(
        ["shared-page", event_slug, str(version), translation.get_language() or "ko", request.get_full_path()]
    )


def _cached_shared_page(event_slug: str, request) -> tuple[str, object | None]:
    """(the key the page lives under now, the cached page or None)."""
    version_key = PROGRAMME_VERSION_KEY.format(event_slug=event_slug)
    guess = _last_seen_versions.get(event_slug)
    guessed_key = _shared_page_key(event_slug, guess, request) if guess is not None else None
    found = cache.get_many([version_key, guessed_key] if guessed_key else [version_key])
    version = found.get(version_key)
    if version is None:
        version = programme_version(event_slug)
    _last_seen_versions[event_slug] = version
    if version == guess:
        return guessed_key, found.get(guessed_key)
    key = _shared_page_key(event_slug, version, request)
    return key, cache.get(key)


def shared_for_anonymous(view):
    """Serves anonymous visitors one shared copy of a page until the programme changes.

    Signed-in people see their own agenda marks, so they always get a fresh page.
    A copy lives at most a minute, which also keeps the "now" marks current.
    """

    @functools.wraps(view)
    def wrapper(request, event_slug: str, **kwargs):
        shared = not request.user.is_authenticated and "messages" not in request.COOKIES
        key = None
        if shared:
            key, cached = _cached_shared_page(event_slug, request)
            if cached is not None:
                content, headers = cached
                return HttpResponse(content, headers=headers)
        response = view(request, event_slug, **kwargs)
        if key and response.status_code == 200 and not response.streaming:
            headers = {name: response[name] for name in ("Content-Type", "Content-Disposition") if name in response}
            cache.set(key, (response.content, headers), SHARED_PAGE_SECONDS)
        return response

    return wrapper


PAGE_SECONDS = 60 * 60  # a new programme version retires a page sooner


class SessionTimes(NamedTuple):
    """What the now and next marks need of a session, kept with its day's cached page."""

    pk: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def _versioned(event_slug: str, keys_for) -> tuple[list, list[str]]:
    """The cached values of keys_for(current programme version), and those keys.

    Like _cached_shared_page: the version and the values come in one round trip when the guess holds.
    """
    version_key = PROGRAMME_VERSION_KEY.format(event_slug=event_slug)
    guess = _last_seen_versions.get(event_slug)
    keys = keys_for(guess) if guess is not None else []
    found = cache.get_many([version_key, *keys])
    version = found.get(version_key)
    if version is None:
        version = programme_version(event_slug)
    _last_seen_versions[event_slug] = version
    if version != guess:
        keys = keys_for(version)
        found = cache.get_many(keys)
    return [found.get(key) for key in keys], keys


# One pass fills a cached page's per-person marks (see programme.html, _session_card.html, _agenda_button.html).
_MARK = re.compile(r"<!--@([a-z])(\d*)-->")
_agenda_states: dict[str, tuple[str, str]] = {}


def _agenda_state_html() -> tuple[str, str]:
    """The agenda button as (in the agenda, not in it), the same for every session, per language."""
    language = translation.get_language() or "ko"
    states = _agenda_states.get(language)
    if states is None:
        template = "sessions/_agenda_state.html"
        states = (
            render_to_string(template, {"session": {"pk": 0}, "agenda_ids": {0}}),
            render_to_string(template, {"session": {"pk": 0}, "agenda_ids": set()}),
        )
        _agenda_states[language] = states
    return states


def _split_marks(html: str) -> list[str]:
    """The page as it is kept: [text, kind, id, text, kind, id, …, text], split once at its marks."""
    return _MARK.split(html)


def _fill_marks(
    parts: list[str] | str, request, *, current=(), upcoming=(), agenda_ids=(), note=None, extra: dict | None = None
) -> str:
    """The kept page (split at its marks) with this person's agenda buttons, the now and next
    marks, the agenda confirmation (on its session's card when that is on the page, else at
    the top), the request's address, the language alternates and its CSRF token."""
    if isinstance(parts, str):
        parts = _split_marks(parts)
    current_pks = {str(pk) for pk in current}
    next_pks = {str(pk) for pk in upcoming}
    agenda_pks = {str(pk) for pk in agenda_ids}
    note_pk = str(note.get("session")) if note else None
    if note and not any(parts[i] == "m" and parts[i + 1] == note_pk for i in range(1, len(parts), 3)):
        note_pk = ""  # its session is not on this page: say it at the top
    added, not_added = _agenda_state_html()
    now_pill = format_html('<strong class="pill pill--now">{}</strong>', _("Now"))
    next_pill = format_html('<strong class="pill pill--next">{}</strong>', _("Next"))
    path = request.get_full_path()
    alternates = format_html_join(
        "", '\n  <link rel="alternate" hreflang="{}" href="{}">', language_alternates({"request": request})
    )
    # The marks that are the same all over the page.
    fixed = {"f": escape(path), "u": escape(quote(path, safe="/")), "a": alternates, "t": "", **(extra or {})}
    if request.user.is_authenticated:
        fixed["t"] = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    warning = " agenda-status--warning" if note and note.get("is_warning") else ""
    note_text = escape(note.get("text", "")) if note else ""

    filled = parts.copy()
    for index in range(1, len(filled), 3):
        kind, pk = filled[index], filled[index + 1]
        filled[index + 1] = ""
        if not pk:
            value = fixed.get(kind, "")
            if kind == "w":
                value = warning if note_pk == "" else ""
            elif kind == "m":
                value = note_text if note_pk == "" else ""
        elif kind == "s":
            value = added if pk in agenda_pks else not_added
        elif kind == "c":
            value = " is-now" if pk in current_pks else " is-next" if pk in next_pks else ""
        elif kind == "p":
            value = now_pill if pk in current_pks else next_pill if pk in next_pks else ""
        elif kind == "w":
            value = warning if pk == note_pk else ""
        elif kind == "m":
            value = note_text if pk == note_pk else ""
        else:
            value = ""
        filled[index] = value
    return "".join(filled)


def _event_and_tracks(request, event_slug: str):
    """The event (404 unless the person may see it) and its tracks, cached per programme version."""
    (context,), (key,) = _versioned(event_slug, lambda version: [f"programme-context:{event_slug}:{version}"])
    if context is None:
        event = Event.objects.filter(slug=event_slug).first()
        context = (event, tracks_of(event) if event else [])
        if event is not None:  # an address without an event keeps nothing
            cache.set(key, context, PAGE_SECONDS)
    return visible_event(request.user, context[0]), context[1]


def _cached_page(request, event: Event, parts: list[str], render_page):
    """render_page(header)'s page (split at its marks, perhaps with data), kept per programme version,
    language, audience and parts.

    The audience is who the page is for: visitors, people and staff (who see drafts), each
    registered for the event or not (the header links a registered person to their registration).
    `header` goes into the template's context so that the header does not ask again.
    A page with messages to show is the person's own: rendered for them and not kept.
    """
    user = request.user
    registered_ids = live_registration_event_ids(user)
    audience = "visitor"
    if user.is_authenticated:
        audience = ("staff" if user.is_staff else "person") + ("-registered" if event.pk in registered_ids else "")
    parts = [translation.get_language() or "ko", audience, *parts]
    (page,), (key,) = _versioned(
        event.slug, lambda version: [":".join(["programme-page", event.slug, str(version), *parts])]
    )
    own = len(messages.get_messages(request)) > 0
    if page is None or own:
        page = render_page({"registered_event_ids": registered_ids})
        if not own:
            cache.set(key, page, PAGE_SECONDS)
    return page


def _agenda_note(request) -> dict | None:
    note = request.session.pop(AGENDA_NOTE_KEY, None) if request.user.is_authenticated else None
    return note if isinstance(note, dict) else None


@require_safe
@shared_for_anonymous
def programme(request, event_slug: str):
    """The programme by day, filtered by track, kind and language.

    The page is rendered once per programme version, language, audience, filter
    combination and day, and cached with marks where the per-person parts go
    (agenda buttons, now and next, the CSRF token), filled in one pass per request.
    """
    user = request.user
    event, tracks = _event_and_tracks(request, event_slug)
    # Unknown filter values are ignored rather than answered with an error page.
    track = request.GET.get("track", "")
    track = track if track in {str(item.pk) for item in tracks} else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in SessionKind.values else ""
    language = request.GET.get("language", "")
    language = language if language in {"ko", "en"} else ""
    today = datetime.datetime.now(event.zone).date()
    requested = request.GET.get("day", "")
    day_date = next((date for date in event.days if date.isoformat() == requested), None)
    day_date = day_date or (today if today in event.days else event.days[0])

    def render_page(header):
        days = programme_days(event, user=user, track=track, kind=kind, language=language)
        day = next(item for item in days if item.date == day_date)
        html = render_to_string(
            "sessions/programme.html",
            {
                "event": event,
                "days": event.days,
                "day_date": day_date,
                "day": day,
                "tracks": tracks,
                "kinds": SessionKind.choices,
                "languages": [("ko", SessionLanguage.KOREAN.label), ("en", SessionLanguage.ENGLISH.label)],
                "filters": {"track": track, "kind": kind, "language": language},
                "filters_active": sum(1 for value in (track, kind, language) if value),
                "placeholders": True,
                **header,
            },
            request=request,
        )
        return _split_marks(html), [SessionTimes(item.pk, item.starts_at, item.ends_at) for item in day.sessions]

    page, times = _cached_page(request, event, [track, kind, language, day_date.isoformat()], render_page)
    # "Now" and "next" mean something only while the event is on.
    current, upcoming = now_and_next(times) if today in event.days else (set(), set())
    agenda_ids = agenda_session_ids(user, event)
    note = _agenda_note(request)
    return HttpResponse(
        _fill_marks(page, request, current=current, upcoming=upcoming, agenda_ids=agenda_ids, note=note)
    )


@require_safe
def track_styles(request, event_slug: str):
    """Track colours as a stylesheet, so pages need no inline style."""
    event = access_event(request.user, event_slug)
    rules = [
        f".track-{track.pk} {{ --track-colour: {track.colour}; }}"
        for track in Track.objects.filter(event=event)
        if track.colour.startswith("#") and len(track.colour) == 7
    ]
    response = HttpResponse("\n".join(rules), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def session_detail(request, event_slug: str, session_id: int):
    """A session's page, cached per programme version like the programme, with the same marks.

    A session with limited seats shows how many are taken and the person's seat: rendered for each request.
    """
    event, _tracks = _event_and_tracks(request, event_slug)

    def extras_of(session):
        return session_extras(SessionRef(event_id=event.pk, session_id=session.pk, kind=session.kind))

    def render_page(header):
        session = access_session(request.user, event, session_id)
        html = render_to_string(
            "sessions/session_detail.html",
            {
                "event": event,
                "session": session,
                "extras": extras_of(session),
                "placeholders": session.seat_limit is None,
                **header,
            },
            request=request,
        )
        return _split_marks(html), session.seat_limit is None

    # What other apps add to the page (the award ceremony's winners) changes with their own versions.
    parts = ["session", str(session_id), session_extras_version(event.pk)]
    page, cacheable = _cached_page(request, event, parts, render_page)
    if not cacheable:
        session = access_session(request.user, event, session_id)
        stray_note = _take_agenda_note(request, [session])
        return render(
            request,
            "sessions/session_detail.html",
            {
                "event": event,
                "session": session,
                "extras": extras_of(session),
                "agenda_note": stray_note,
                "agenda_ids": agenda_session_ids(request.user, event),
                "reservation": reservation_for(request.user, session),
            },
        )
    agenda_ids = agenda_session_ids(request.user, event)
    return HttpResponse(_fill_marks(page, request, agenda_ids=agenda_ids, note=_agenda_note(request)))


@require_safe
def session_ics(request, event_slug: str, session_id: int):
    event = access_event(request.user, event_slug)
    session = access_session(request.user, event, session_id)
    return _calendar_response(calendar_for(event, [session], name=session.title), f"session-{session.pk}.ics")


@require_safe
def speaker_detail(request, event_slug: str, speaker_id: int):
    """A speaker's page, cached per programme version (only the language switch's address is filled in)."""
    event, _tracks = _event_and_tracks(request, event_slug)

    def render_page(header):
        speaker, sessions = access_speaker(request.user, event, speaker_id)
        context = {"event": event, "speaker": speaker, "sessions": sessions, "placeholders": True, **header}
        return _split_marks(render_to_string("sessions/speaker_detail.html", context, request=request))

    page = _cached_page(request, event, ["speaker", str(speaker_id)], render_page)
    return HttpResponse(_fill_marks(page, request))


@require_safe
@shared_for_anonymous
def speaker_index(request, event_slug: str):
    event = access_event(request.user, event_slug)
    return render(
        request, "sessions/speaker_index.html", {"event": event, "speakers": speakers_of(event, request.user)}
    )


def _back(request, fallback: str):
    return HttpResponseRedirect(safe_next_url(request, request.POST.get("next", ""), fallback))


AGENDA_ANSWER = Component(
    "AgendaAnswer",
    {
        "type": "object",
        "required": ["in_agenda", "message", "overlaps"],
        "properties": {
            "in_agenda": {"type": "boolean"},
            "message": {"type": "string"},
            "overlaps": {"type": "array", "items": {"type": "string"}, "description": "Titles it overlaps"},
        },
    },
)
AGENDA_ERROR = Component(
    "AgendaError", {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
)


@json_endpoint(
    "post",
    summary="Add a session to one's agenda, or take it out",
    description=(
        "The programme's agenda buttons. With `X-Requested-With: fetch` it answers JSON; a plain form post "
        "is redirected back to `next` (a path on this site)."
    ),
    parameters=(
        {"name": "X-Requested-With", "in": "header", "required": True, "schema": {"type": "string", "enum": ["fetch"]}},
    ),
    request={
        "type": "object",
        "properties": {"action": {"type": "string", "enum": ["add", "remove"]}, "next": {"type": "string"}},
    },
    request_media_type="application/x-www-form-urlencoded",
    request_required=False,
    responses={
        200: ("Added or removed; `overlaps` lists the sessions of the agenda it overlaps", AGENDA_ANSWER),
        400: ("It cannot be added (the session is full, or it ended)", AGENDA_ERROR),
        401: ("Not signed in", AGENDA_ERROR),
        403: ("The CSRF token is missing or wrong", {"type": "string"}, HTML),
        404: ("No such event or session", {"type": "string"}, HTML),
        302: ("Not sent with `X-Requested-With: fetch`: back to `next`",),
        405: ("Only POST is allowed",),
    },
    security=("session",),
    tags=("programme",),
)
@require_POST
def agenda_toggle(request, event_slug: str, session_id: int):
    event = access_event(request.user, event_slug)
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"error": _("Sign in to build your agenda.")}, status=401)
        return redirect(f"{reverse('account_login')}?next={request.path}")
    session = access_session(request.user, event, session_id)
    fallback = reverse("programme:session", args=[event.slug, session.pk])
    if request.POST.get("action") == "remove":
        services.remove_from_agenda(user=request.user, session=session)
        message, in_agenda = _("Removed from your agenda."), False
    else:
        try:
            services.add_to_agenda(user=request.user, session=session)
        except ValidationError as error:
            if wants_json:
                return JsonResponse({"error": " ".join(error.messages)}, status=400)
            request.session[AGENDA_NOTE_KEY] = {
                "session": session.pk,
                "text": " ".join(error.messages),
                "is_warning": True,
            }
            return _back(request, fallback)
        message, in_agenda = _("Added to your agenda."), True
    chosen = agenda_sessions(request.user, event)
    clashes = [
        other for first, second in overlapping_pairs(chosen) for other in (first, second) if session in (first, second)
    ]
    clashes = [other.title for other in clashes if other.pk != session.pk]
    if in_agenda and clashes:
        message = _("Added to your agenda. It overlaps with: %(titles)s.") % {"titles": ", ".join(clashes)}
    if wants_json:
        return JsonResponse({"in_agenda": in_agenda, "message": message, "overlaps": clashes})
    # Shown next to the button on the page the redirect returns to (see _take_agenda_note).
    request.session[AGENDA_NOTE_KEY] = {
        "session": session.pk,
        "text": message,
        "is_warning": bool(in_agenda and clashes),
    }
    return _back(request, fallback)


@login_required
@require_safe
def my_agenda(request, event_slug: str):
    """The person's agenda: one page per programme version and set of chosen sessions, kept for
    everyone who chose the same; their calendar address and the marks are filled in per request."""
    event, _tracks = _event_and_tracks(request, event_slug)
    chosen = sorted(agenda_session_ids(request.user, event))

    def render_page(header):
        sessions = agenda_sessions(request.user, event)
        context = {
            "event": event,
            "sessions": sessions,
            "overlaps": overlapping_pairs(sessions),
            "agenda_ids": {session.pk for session in sessions},
            "placeholders": True,
            **header,
        }
        return _split_marks(render_to_string("sessions/my_agenda.html", context, request=request))

    chosen_key = hashlib.blake2b(",".join(map(str, chosen)).encode(), digest_size=12).hexdigest()
    page = _cached_page(request, event, ["agenda", chosen_key], render_page)
    feed = services.agenda_feed_for(user=request.user, event=event)
    # The calendar app fetches the feed without the person's cookie: the address keeps the language.
    feed_url = request.build_absolute_uri(
        reverse("programme:agenda-feed", args=[event.slug, feed.token]) + f"?lang={translation.get_language()}"
    )
    webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    extra = {"x": escape(feed_url), "y": escape(webcal_url)}
    return HttpResponse(_fill_marks(page, request, agenda_ids=chosen, note=_agenda_note(request), extra=extra))


@login_required
@require_POST
def reset_agenda_feed(request, event_slug: str):
    event = access_event(request.user, event_slug)
    services.reset_agenda_feed(user=request.user, event=event)
    messages.success(request, _("Your calendar address is new; the old one no longer works."))
    return redirect("programme:my-agenda", event_slug=event.slug)


@require_safe
def agenda_feed(request, event_slug: str, token: str):
    feed = feed_for_token(token)
    if feed.event.slug != event_slug:
        return HttpResponse(status=404)
    sessions = agenda_sessions(feed.user, feed.event)
    return _calendar_response(calendar_for(feed.event, sessions, name=feed.event.name), "my-agenda.ics")


@login_required
@require_POST
def seat(request, event_slug: str, session_id: int):
    event = access_event(request.user, event_slug)
    session = access_session(request.user, event, session_id)
    if request.POST.get("action") == "cancel":
        services.cancel_seat(user_id=request.user.pk, session=session)
        messages.success(request, _("Your seat is given back."))
    else:
        try:
            reservation = services.reserve_seat(user=request.user, session=session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if reservation.status == "confirmed":
                messages.success(request, _("Your seat is reserved."))
            else:
                messages.info(request, _("The session is full: you are on its waitlist."))
    return redirect("programme:session", event_slug=event.slug, session_id=session.pk)


@require_safe
@shared_for_anonymous
def programme_ics(request, event_slug: str):
    event = access_event(request.user, event_slug)
    return _calendar_response(cached_export(event, "ics"), f"{event.slug}.ics")


@json_endpoint(
    "get",
    summary="The published programme in the c3voc/frab schedule format",
    description="Valid against https://c3voc.de/schedule/schema.json; the same programme as `schedule.xml`.",
    responses={
        200: ("The schedule", {"type": "object", "required": ["schedule"]}),
        404: ("No such event, or its programme is not published", {"type": "string"}, HTML),
    },
    tags=("programme",),
)
@require_safe
@shared_for_anonymous
def schedule_json(request, event_slug: str):
    event = access_event(request.user, event_slug)
    return HttpResponse(cached_export(event, "json"), content_type="application/json; charset=utf-8")


@require_safe
@shared_for_anonymous
def schedule_xml(request, event_slug: str):
    event = access_event(request.user, event_slug)
    return HttpResponse(cached_export(event, "xml"), content_type="application/xml; charset=utf-8")
