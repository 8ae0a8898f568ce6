"""Every URL the resolver knows, for every kind of person: nobody gets a 5xx, nobody reaches what is not theirs.

The walk (tests/e2e/site.py) finds every pattern, including the admin's and
allauth's; RULES says who may reach each one. A new pattern without a rule
fails `test_every_url_has_a_rule`, so access is decided on purpose.

Reading a rule: `get` / `post` are the roles that may succeed, for the
"mine" variant (ids of the attendee's and booth staff's own objects) and,
when given, the "theirs" variant (the other attendee's, the other booth's).
Everyone else must get no 2xx: a redirect to sign in, 403, 404 or 405.
Allowed people's POSTs are not sent (they would change the world under the
next requests; the bad-input sweep posts as them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client

from booths.models import ConsultationBooking, DeviceToken, Visit
from challenge.models import ChallengeTeam, TeamInvitation
from events.rules import event_model
from tests.e2e.site import ROLES, SIGNED_IN, TEAM_ROLES, build_world, site_urls
from townhall.models import Guest

ALL = frozenset(ROLES)
NOBODY = frozenset()
ORGANISER = frozenset({"organiser"})
CHECK_IN = frozenset({"check_in_helper", "organiser"})
# The teams' roles (tests/e2e/site.py): the areas each has on the event the URLs are about, and anywhere.
AREAS_ON_THE_EVENT = {"programme_team": {"programme"}, "townhall_team": {"townhall"}, "other_organiser": set()}
AREAS_SOMEWHERE = {"programme_team": {"programme"}, "townhall_team": {"townhall"}, "other_organiser": None}  # None: all
ADMIN_STAFF = ORGANISER | TEAM_ROLES  # who enters the admin at all
DOOR = CHECK_IN | {"townhall_team"}
PROGRAMME = ORGANISER | {"programme_team"}  # sees the unpublished programme


@dataclass(frozen=True)
class Rule:
    get: frozenset = ALL
    post: frozenset | None = None  # None: the same as get
    theirs_get: frozenset | None = None  # for the "theirs" variant; None: the same as mine
    theirs_post: frozenset | None = None
    # False: the allowed roles *may* get in (the admin refuses some pages to everyone, by design);
    # the others are still checked to be refused.
    required: bool = True

    def allowed(self, method: str, variant: str) -> frozenset:
        mine = self.get if method == "GET" else (self.post if self.post is not None else self.get)
        if variant == "mine":
            return mine
        theirs = self.theirs_get if method == "GET" else self.theirs_post
        return theirs if theirs is not None else mine


PUBLIC = Rule()
MAY_TRY = Rule(required=False)  # anyone may try; the view decides (allauth's steps, expired keys)
OWN_DATA = Rule(get=SIGNED_IN)  # the page shows the signed-in person's own things; no id in the address
POST_ONLY_SIGNED_IN = Rule(get=NOBODY, post=SIGNED_IN)


def mine_or_theirs(mine_role: str, theirs_role: str, *, post_only: bool = False) -> Rule:
    mine, theirs = frozenset({mine_role}), frozenset({theirs_role})
    get, theirs_get = (NOBODY, NOBODY) if post_only else (mine, theirs)
    return Rule(get=get, post=mine, theirs_get=theirs_get, theirs_post=theirs)


STAFF_OF_BOOTH = mine_or_theirs("booth_staff", "other_booth_staff")
STAFF_OF_BOOTH_POST = mine_or_theirs("booth_staff", "other_booth_staff", post_only=True)

RULES: dict[str, Rule] = {
    "healthz": PUBLIC,
    "favicon.ico": PUBLIC,
    "home": PUBLIC,
    "set_language": PUBLIC,
    "switch-language": PUBLIC,
    "api-openapi": PUBLIC,
    "registration:event-home": PUBLIC,
    "registration:register": PUBLIC,  # signed out: the sign-in invitation
    "registration:my-registration": OWN_DATA,
    "registration:my-badge": OWN_DATA,
    "registration:cancel": OWN_DATA,
    "registration:entrance": Rule(get=CHECK_IN),
    "account-profile": OWN_DATA,
    "account-data": OWN_DATA,
    "account-delete": OWN_DATA,
    # Tokens in the address are the key: whoever holds the link is its owner.
    "reminders-unsubscribe": PUBLIC,
    "townhall:rsvp": PUBLIC,
    "programme:agenda-feed": PUBLIC,
    "api-record-visit": Rule(
        get=NOBODY, post=frozenset({"booth_staff"}), theirs_get=NOBODY, theirs_post=frozenset({"other_booth_staff"})
    ),
    "api-decode-frame": POST_ONLY_SIGNED_IN,
    "scanner-service-worker": PUBLIC,
    "scanner-manifest": PUBLIC,
    "api-entrance": Rule(get=NOBODY, post=CHECK_IN),
    "api-townhall-door": Rule(get=NOBODY, post=DOOR),
    # The desks' search by name and live count: read-only, for the people who check others in.
    "api-entrance-people": Rule(get=CHECK_IN, post=NOBODY),
    "api-entrance-count": Rule(get=CHECK_IN, post=NOBODY),
    "api-townhall-door-people": Rule(get=DOOR, post=NOBODY),
    "api-townhall-door-count": Rule(get=DOOR, post=NOBODY),
    "townhall-door": Rule(get=DOOR),
    "programme:programme": PUBLIC,
    "programme:track-styles": PUBLIC,
    # "theirs" is an unpublished session (and its only speaker): organisers only.
    "programme:session": Rule(theirs_get=PROGRAMME),
    "programme:session-ics": Rule(theirs_get=PROGRAMME),
    "programme:speaker": Rule(theirs_get=PROGRAMME),
    "programme:speakers": PUBLIC,
    "programme:agenda-toggle": Rule(get=NOBODY, post=ALL, theirs_post=PROGRAMME),
    "programme:seat": Rule(get=NOBODY, post=SIGNED_IN, theirs_post=PROGRAMME),
    "programme:my-agenda": OWN_DATA,
    "programme:agenda-reset": POST_ONLY_SIGNED_IN,
    "programme:programme-ics": PUBLIC,
    "programme:schedule-json": PUBLIC,
    "programme:schedule-xml": PUBLIC,
    "booths:directory": PUBLIC,
    "booths:booth": PUBLIC,  # both booths are published
    "booths:dashboard": Rule(get=ORGANISER),
    "booths:book-slot": POST_ONLY_SIGNED_IN,
    "booths:cancel-booking": mine_or_theirs("attendee", "other_attendee", post_only=True),
    "booths:attendance": STAFF_OF_BOOTH_POST,
    "booths:edit-lead": STAFF_OF_BOOTH,
    "booths:scanner": STAFF_OF_BOOTH,
    "booths:scan-lead": STAFF_OF_BOOTH,
    "booths:leads": STAFF_OF_BOOTH,
    "booths:export-leads": STAFF_OF_BOOTH,
    "booths:export-leads-xlsx": STAFF_OF_BOOTH,
    "booths:create-device": STAFF_OF_BOOTH_POST,
    "booths:revoke-device": STAFF_OF_BOOTH_POST,
    # The challenge: public pages; one's own team (no id in the address); the data only after the terms, which only
    # registered attendees accept; the invitation's token is its key, and only its addressee answers it.
    "challenge:challenge": PUBLIC,
    "challenge:team-create": OWN_DATA,
    "challenge:team": OWN_DATA,
    "challenge:team-invite": Rule(get=NOBODY, post=frozenset({"attendee"})),
    "challenge:team-leave": Rule(get=NOBODY, post=frozenset({"attendee"})),
    "challenge:invitation": Rule(get=ALL, post=NOBODY),
    "challenge:terms": Rule(get=ALL, post=frozenset({"attendee", "other_attendee"})),
    "challenge:data-file": Rule(get=frozenset({"attendee"})),
    "challenge:submissions": Rule(get=frozenset({"attendee"})),
    "challenge:submissions-status": Rule(get=frozenset({"attendee"}), post=NOBODY),
    "challenge:final-choice": Rule(get=NOBODY, post=frozenset({"attendee"})),
    # The admin signs people in through the site's own form; signed-in non-organisers are refused.
    "admin:login": Rule(get=ADMIN_STAFF, required=False),
    "admin:logout": Rule(get=NOBODY, post=ALL),
    # The challenge's results: the leaderboard is public once the challenge is; the talent pool page is the
    # signed-in person's own (a winner's consent; anyone else reads that it is for winners).
    "challenge:leaderboard": PUBLIC,
    "challenge:talent-pool": OWN_DATA,
}

RULES |= {
    # allauth's pages about the signed-in person's own account
    "account_email": OWN_DATA,
    "account_change_password": OWN_DATA,
    "account_set_password": OWN_DATA,
    "account_reauthenticate": OWN_DATA,
    "socialaccount_connections": OWN_DATA,
}

# Whole families by the start of the key, so a new admin page or allauth view needs no entry.
PREFIX_RULES: list[tuple[str, Rule]] = [
    # The admin's own pages (index, an app's list, jsi18n, autocomplete, password change, view on site):
    # every team member enters the admin; what each page shows is their part (a 404 for an app with none).
    ("admin", Rule(get=ADMIN_STAFF, required=False)),
    # allauth's sign-in, sign-up and password-reset steps, which anyone may take
    ("account_", MAY_TRY),
    ("socialaccount_", MAY_TRY),
    ("accounts/", MAY_TRY),
    ("google_", MAY_TRY),
    ("kakao_", MAY_TRY),
    ("naver_", MAY_TRY),
]


def _admin_models() -> dict[str, type]:
    """ "admin:<app>_<model>_" -> model, for every model registered in the admin."""

    return {f"admin:{model._meta.app_label}_{model._meta.model_name}_": model for model in admin.site._registry}


# Pages about one object of the event (its id in the address) and pages listing or adding (of the member's events).
OBJECT_PARAMETERS = re.compile(r"<(?:\w+:)?(object_id|event_id|townhall_id)>")


def admin_rule(key: str, route: str) -> Rule | None:
    """A model's admin pages: superusers, and the team roles whose areas include the model's area.

    The list and the add form answer team members with the area on any event (showing only their rows); a page
    about one object (the world's, of the event) only those with the area on that event. Changelists and change
    pages must let them in; the other pages (add, delete, history, custom views) may still refuse them.
    """

    prefix = next((prefix for prefix in _admin_models() if key.startswith(prefix)), None)
    if prefix is None:
        return None
    spec = event_model(_admin_models()[prefix])
    model = _admin_models()[prefix]
    if spec is None and model._meta.label != "events.Event":
        return Rule(get=ORGANISER, required=False)
    area = spec.area if spec else "event_settings"
    areas = set(spec.areas) if spec and spec.area is None else {area}
    about_one = bool(OBJECT_PARAMETERS.search(route)) and (spec is None or spec.area is not None)
    allowed = set(ORGANISER)
    for role in TEAM_ROLES:
        has = AREAS_ON_THE_EVENT[role] if about_one else AREAS_SOMEWHERE[role]
        if has is None or has & areas:
            allowed.add(role)
    suffix = key.removeprefix(prefix)
    return Rule(get=frozenset(allowed), required=suffix in {"changelist", "change"})


def rule_for(key: str, route: str = "") -> Rule | None:
    if key in RULES:
        return RULES[key]
    if (rule := admin_rule(key, route)) is not None:
        return rule
    return next((rule for prefix, rule in PREFIX_RULES if key.startswith(prefix)), None)


def test_every_url_has_a_rule():
    missing = [url.key for url in site_urls() if rule_for(url.key, url.route) is None]
    assert missing == [], f"add these URLs to RULES in {__name__}: who may reach them?"


def test_rules_name_only_urls_that_exist():
    keys = {url.key for url in site_urls()}
    assert sorted(set(RULES) - keys) == []


def _client(world, role: str) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.people[role])
    secret = "k" * 32
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, secret


def _denied(response) -> bool:
    """Not let in: a redirect to a sign-in page, or 400/401/403/404/405."""
    if response.status_code in {301, 302, 303, 307}:
        return "login" in response["Location"]
    return response.status_code in {400, 401, 403, 404, 405, 415}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_url_matrix(role):
    world = build_world()
    client, csrf_secret = _client(world, role)
    others_secrets = {
        secret
        for owner, secrets in world.secrets.items()
        if owner != role and role in {"attendee", "other_attendee"}
        for secret in secrets
    }
    area_secrets = set()
    if role in TEAM_ROLES:  # nothing of the areas the role has not on this event, on any page but a link's own
        area_secrets = {
            secret
            for area, secrets in world.area_secrets.items()
            if area not in AREAS_ON_THE_EVENT[role]
            for secret in secrets
        }
    problems = []
    for url in site_urls():
        if url.key == "admin:logout":
            continue
        rule = rule_for(url.key, url.route)
        for variant in ("mine", "theirs") if url.has_variants else ("mine",):
            path = url.path(world, variant)
            response = client.get(path)
            label = f"{role} GET {path} ({url.key}, {variant}) -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"{label}: server error")
            elif role in rule.allowed("GET", variant):
                if rule.required and response.status_code >= 400 and response.status_code != 405:
                    problems.append(f"{label}: should be let in")
            elif not _denied(response):
                problems.append(f"{label}: should be refused")
            if response.status_code == 200 and not response.streaming:
                # A token in the address is the key: its page is its holder's (a guest's RSVP shows their name).
                forbidden = others_secrets | (set() if "token" in url.parameters else area_secrets)
                leaked = [secret for secret in forbidden if secret in response.content.decode(errors="replace")]
                if leaked:
                    problems.append(f"{label}: shows another person's {leaked}")

            # A POST without the CSRF token never gets through (unless the view is exempt and checks itself).
            response = client.post(path)
            if response.status_code >= 500:
                problems.append(f"{role} POST {path} without token -> {response.status_code}")
            elif not url.csrf_exempt and response.status_code not in {403, 405}:
                problems.append(f"{role} POST {path} without token -> {response.status_code}, not 403")

            if role not in rule.allowed("POST", variant):
                response = client.post(path, ATTEMPT, HTTP_X_CSRFTOKEN=csrf_secret)
                label = f"{role} POST {path} ({url.key}, {variant}) -> {response.status_code}"
                if response.status_code >= 500:
                    problems.append(f"{label}: server error")
                elif not _denied(response):
                    problems.append(f"{label}: should be refused")
    assert problems == [], "\n".join(problems)
    assert _changed_by_attempts() == []


# What a refused POST tries to write; none of it may arrive anywhere.
ATTEMPT = {"note": "hacked", "tags": "hacked", "rating": "1", "name": "hacked", "dietary_needs": "hacked",
           "answer": "decline", "attended": "yes"}  # fmt: skip


def _changed_by_attempts() -> list[str]:

    return [
        *(f"visit {pk}" for pk in Visit.objects.filter(note="hacked").values_list("pk", flat=True)),
        *(f"device {pk}" for pk in DeviceToken.objects.filter(name="hacked").values_list("pk", flat=True)),
        *(f"guest {pk}" for pk in Guest.objects.filter(dietary_needs="hacked").values_list("pk", flat=True)),
        *(f"booking {pk}" for pk in ConsultationBooking.objects.filter(attended=True).values_list("pk", flat=True)),
        *(f"team {pk}" for pk in ChallengeTeam.objects.filter(name="hacked").values_list("pk", flat=True)),
        *(f"invitation {pk}" for pk in TeamInvitation.objects.exclude(declined_at=None).values_list("pk", flat=True)),
    ]
