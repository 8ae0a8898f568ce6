"""The whole site as the URL resolver sees it, and a small demo-like world to fill its paths.

`site_urls()` walks every pattern (ours, the admin's, allauth's) and gives each a
concrete path per *variant*: "mine" fills the ids with objects of the people in
`PEOPLE` who own them (attendee, booth staff), "theirs" with the other attendee's
and the other booth's. A new pattern is picked up by the walk on its own; a
parameter name nobody knows here fails loudly, so it gets a value.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from booths.services import book_consultation, create_device_token, record_visit
from challenge.models import Award, Challenge, ChallengeTeam, TeamInvitation, TeamMember
from challenge.services import accept_terms
from events.enums import Area
from events.models import Event
from mail.reminders import unsubscribe_token
from registration.models import CheckInRole
from registration.services import register_attendee
from sessions.services import agenda_feed_for
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory
from tests.factories.challenge import ChallengeFactory, DataFileFactory, PhaseFactory, graduate_school
from tests.factories.events import OrganiserFactory, TeamFactory, team_member
from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, SessionSpeakerFactory, TrackFactory
from tests.factories.registration import EventDayFactory, EventFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory

ROLES = [
    "anonymous",
    "attendee",
    "other_attendee",
    "booth_staff",
    "other_booth_staff",
    "check_in_helper",
    "organiser",
    # Members of the event's organiser's teams, each with one area; and a team member of another organiser.
    "programme_team",
    "townhall_team",
    "other_organiser",
]
TEAM_ROLES = frozenset({"programme_team", "townhall_team", "other_organiser"})
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVENT_SLUG = "aigs"


@dataclass
class World:
    people: dict = field(default_factory=dict)  # role -> User (no entry for anonymous)
    values: dict = field(default_factory=dict)  # (variant, parameter) -> value
    secrets: dict = field(default_factory=dict)  # role -> strings only that person (and staff) may see
    area_secrets: dict = field(default_factory=dict)  # area -> strings only the event's teams with it may see


def build_world() -> World:
    """An event like the demo: two attendees, two booths with staff, visits, bookings, a townhall."""

    event = EventFactory(slug=EVENT_SLUG, organiser=OrganiserFactory())
    EventDayFactory(event=event, date=event.start_date)
    EventDayFactory(event=event, date=event.end_date)
    world = World()
    registrations = {}
    for role in ("attendee", "other_attendee"):
        user = attendee(share_with_booths=True)
        registrations[role] = register_attendee(event=event, user=user, dates=[event.start_date])
        world.people[role] = user
        world.secrets[role] = {registrations[role].badge_code, user.email}
    booths = {"mine": BoothFactory(event=event), "theirs": BoothFactory(event=event)}
    world.people["booth_staff"] = BoothStaffFactory(booth=booths["mine"], role="manager").user
    world.people["other_booth_staff"] = BoothStaffFactory(booth=booths["theirs"], role="manager").user
    helper = UserFactory()
    CheckInRole.objects.create(user=helper, event=event, kind="entrance")
    CheckInRole.objects.create(user=helper, event=event, kind="door")
    world.people["check_in_helper"] = helper
    world.people["organiser"] = UserFactory(is_staff=True, is_superuser=True)
    programme_team = TeamFactory(organiser=event.organiser, areas=[Area.PROGRAMME], events=[event])
    townhall_team = TeamFactory(organiser=event.organiser, areas=[Area.TOWNHALL], all_events=True)
    world.people["programme_team"] = team_member(team=programme_team)
    world.people["townhall_team"] = team_member(team=townhall_team)
    # Another organiser's team may do everything, on its own event only.
    other_event = EventFactory(organiser=OrganiserFactory())
    EventDayFactory(event=other_event, date=other_event.start_date)
    every_area = TeamFactory(organiser=other_event.organiser, areas=list(Area.values), all_events=True)
    world.people["other_organiser"] = team_member(team=every_area)

    published = ProgrammeSessionFactory(
        event=event, seat_limit=10, room=RoomFactory(event=event), track=TrackFactory(event=event)
    )
    hidden = ProgrammeSessionFactory(
        event=event, is_published=False, title_en="hidden-talk-5c1e", title_ko="숨은발표5c1e"
    )
    speakers = {
        "mine": SessionSpeakerFactory(session=published, speaker__event=event),
        "theirs": SessionSpeakerFactory(session=hidden, speaker__event=event),
    }
    townhall = TownhallFactory(event=event)
    TableFactory(townhall=townhall, number=1)
    guests = {
        variant: GuestFactory(
            townhall=townhall, name=f"guest-{variant}-9d2f", email=f"guest-{variant}-9d2f@example.org"
        )
        for variant in ("mine", "theirs")
    }
    # What only the event's teams see, each the part of their own area (and superusers everything).
    world.area_secrets = {
        Area.PROGRAMME: {"hidden-talk-5c1e"},
        Area.TOWNHALL: {"guest-mine-9d2f", "guest-theirs-9d2f"},
        Area.REGISTRATIONS: set().union(*(world.secrets[role] for role in ("attendee", "other_attendee"))),
    }

    challenge = _challenge(event, captain=world.people["attendee"])

    owner = {"mine": "attendee", "theirs": "other_attendee"}
    for variant in ("mine", "theirs"):
        booth = booths[variant]
        registration = registrations[owner[variant]]
        visit = record_visit(
            booth=booth, badge_code=registration.badge_code, nonce=f"nonce-{variant}-01", scanned_at=timezone.now()
        ).record
        _token, device = create_device_token(booth=booth, name=f"scanner {variant}", created_by=None)
        slot = ConsultationSlotFactory(booth=booth, seats=3)
        later = ConsultationSlotFactory(booth=booth, starts_at=slot.starts_at + datetime.timedelta(hours=2))

        booking = book_consultation(user=registration.user, slot=slot, agrees_to_share_name=True)
        feed = agenda_feed_for(user=registration.user, event=event)
        world.values |= {
            (variant, "event_slug"): event.slug,
            (variant, "booth_id"): booth.pk,
            (variant, "visit_id"): visit.pk,
            (variant, "device_id"): device.pk,
            (variant, "slot_id"): later.pk,
            (variant, "booking_id"): booking.pk,
            (variant, "session_id"): (published if variant == "mine" else hidden).pk,
            (variant, "speaker_id"): speakers[variant].speaker_id,
            (variant, "token"): {
                "agenda": feed.token,
                "rsvp": guests[variant].rsvp_token,
                "unsubscribe": unsubscribe_token(user=registration.user, kind="session_reminder"),
                "invitation": challenge["invitation"].token,
            },
            (variant, "file_id"): challenge["data_file"].pk,  # one file: whoever accepted the terms gets it
            (variant, "townhall_id"): townhall.pk,
            (variant, "event_id"): event.pk,
            (variant, "phase_id"): challenge["phase"].pk,  # its answer key's upload page in the admin
            (variant, "code"): "en",
            (variant, "app_label"): "registration",
            (variant, "url"): "no-such-page/",
            (variant, "key"): "not-a-real-key",
            (variant, "uidb36"): "1",
            (variant, "id"): registration.user.pk,  # the admin's password change of a user
        }
    _add_challenge_results(event, world, booths["mine"])
    return world


def _challenge(event, *, captain) -> dict:
    """The event's challenge: an open final phase, a data file, the attendee's team (they accepted the terms) with
    an open invitation to someone without an account and a scored submission."""
    from django.core.files.base import ContentFile  # noqa: PLC0415 -- only the challenge's files need it

    from challenge.models import Submission  # noqa: PLC0415

    challenge = ChallengeFactory(event=event)
    phase = PhaseFactory(challenge=challenge, is_final=True)
    team = ChallengeTeam.objects.create(challenge=challenge, name="team-mine-7b3c", graduate_school=graduate_school())
    TeamMember.objects.create(team=team, challenge=challenge, user=captain, role="captain")
    accept_terms(challenge=challenge, user=captain)
    submission = Submission(
        team=team,
        phase=phase,
        submitted_by=captain,
        original_name="first.csv",
        status="scored",
        public_score=0.5,
        submitted_on=timezone.localdate(),
        is_final_choice=True,  # so the final-choice form has a field to send bad values in
    )
    submission.file.save("first.csv", ContentFile(b"id,prediction\n1,0.5\n"), save=False)
    submission.save()
    return {
        "phase": phase,
        "data_file": DataFileFactory(challenge=challenge),
        "invitation": TeamInvitation.objects.create(team=team, email="invitee-7b3c@example.org", invited_by=captain),
    }


def _add_challenge_results(event, world: World, providers_booth) -> None:
    """The challenge's results, published: the attendee's team won an award (so the talent pool's form is on
    their page), and the first booth is the data provider's (so its staff have the talent pool's tab).

    Stored as the results services leave them: publishing itself waits for the final phase to close, which the
    team pages' part of the world keeps open (for the upload and final-choice forms)."""
    challenge = Challenge.objects.get(event=event)
    team = ChallengeTeam.objects.get(challenge=challenge, members__user=world.people["attendee"])
    ChallengeTeam.objects.filter(pk=team.pk).update(final_rank=1)
    Challenge.objects.filter(pk=challenge.pk).update(results_published_at=timezone.now())
    Award.objects.create(challenge=challenge, team=team, name_ko="대상", name_en="Grand prize")
    providers_booth.companies.add(challenge.data_provider)


@dataclass(frozen=True)
class SiteUrl:
    key: str  # the URL's name ("booths:leads"), or its route for unnamed patterns
    route: str
    callback: object
    parameters: tuple[str, ...]

    def path(self, world: World, variant: str) -> str:
        """The concrete path for a variant."""
        path = self.route
        for name in self.parameters:
            path = _substitute(path, name, str(self._value(world, variant, name)))
        return "/" + path.replace("^", "").replace("$", "")

    def _value(self, world: World, variant: str, name: str):
        if name == "object_id" and self.route.startswith("admin/r/"):
            return world.values[(variant, "event_id")]
        if name == "object_id":
            return _admin_object_id(self.route, world)
        if name == "content_type_id":
            return ContentType.objects.get_for_model(Event).pk
        try:
            value = world.values[(variant, name)]
        except KeyError:
            raise AssertionError(
                f"{self.key}: no value for the path parameter {name!r}; add one to tests/e2e/site.py"
            ) from None
        if isinstance(value, dict):
            kind = next((kind for kind in value if kind in self.key), None)
            if kind is None:
                raise AssertionError(f"{self.key}: which token does {name!r} take? add it to tests/e2e/site.py")
            return value[kind]
        return value

    @property
    def has_variants(self) -> bool:
        return bool(set(self.parameters) - INVARIANT_PARAMETERS)

    @property
    def csrf_exempt(self) -> bool:
        return getattr(self.callback, "csrf_exempt", False)


INVARIANT_PARAMETERS = frozenset(
    {"event_slug", "code", "app_label", "url", "key", "uidb36"}
    | {"object_id", "content_type_id", "townhall_id", "event_id", "id", "phase_id"}  # admin pages: organisers see all
)
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def _substitute(path: str, name: str, value: str) -> str:
    # A regex group: replace the whole group (with nested brackets in it) by the value.
    start = path.find(f"(?P<{name}>")
    if start >= 0:
        depth, end = 0, start
        for end in range(start, len(path)):
            depth += {"(": 1, ")": -1}.get(path[end], 0)
            if depth == 0:
                break
        return path[:start] + value + path[end + 1 :]
    return re.sub(rf"<(?:\w+:)?{name}>", value, path)


def _admin_object_id(route: str, world: World):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    model = apps.get_model(match[1], match[2])
    first = model._default_manager.order_by("pk").first()
    return first.pk if first else 1


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        regex = isinstance(pattern.pattern, RegexPattern)
        route = prefix + (pattern.pattern.regex.pattern if regex else str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            parameters = tuple(dict.fromkeys(a or b for a, b in PARAMETER.findall(route)))
            yield SiteUrl(key=name or route, route=route, callback=pattern.callback, parameters=parameters)


def site_urls() -> list[SiteUrl]:
    """Every URL pattern of the site, deduplicated by key (the first pattern of a name wins, as in reverse)."""
    seen: dict[str, SiteUrl] = {}
    for url in _walk(get_resolver().url_patterns):
        if url.route.startswith(settings.STATIC_URL.lstrip("/")) or url.route.startswith("media/"):
            continue
        seen.setdefault(url.key, url)
    return list(seen.values())
