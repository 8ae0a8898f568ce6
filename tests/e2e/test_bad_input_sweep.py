"""Bad input into every form and JSON endpoint of the site: never a 5xx, and form errors in the person's language.

The forms come from the pages themselves: every page the URL walk finds is
fetched as the people who may see it, and each `<form method="post">` in it
is submitted again and again with one field at a time replaced by a bad value
(a sample of them per field, not every combination, to keep the sweep quick).
The JSON endpoints' fields come from the visit API's OpenAPI schema, which the
entrance and the townhall door share.
"""

from __future__ import annotations

import itertools
import json
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from booths.openapi import schema as openapi_schema
from tests.e2e.site import build_world, site_urls
from tests.e2e.test_role_url_matrix import rule_for

BAD_VALUES = ["\x00", "x" * 10_000, "²", "١٢", "-1", str(2**63), "", "a\x00b\x1b[0m", "9" * 40, "<b>&amp;</b>"]
VALUES_PER_FIELD = 2
MANY_FIELDS = 6  # forms with more fields get every field bad at once, each round shifting the values
ACTORS = ["anonymous", "attendee", "booth_staff", "check_in_helper", "organiser", "programme_team"]
# Submitting these ends the actor's session or deletes what the rest of the sweep uses.
SKIPPED = re.compile(r"delete|logout|/cancel/|/revoke/|/me/cancel|password/reset|/team/leave/")
# The admin's add and change forms of our own models and our import pages; its list pages carry
# action forms (bulk actions run by other tests) and Django's own models are Django's business.
OUR_ADMIN_FORM = re.compile(
    r"^admin/(registration|events|programme|booths|townhall|common)/\w+/(add|import|<path:object_id>/change)/$"
)
# Left as the page gave them: the CSRF token, and the formset counts (Django caps a bad count at
# 1,000 forms, which is safe but makes each request slow).
KEPT = re.compile(r"^csrfmiddlewaretoken$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class FormParser(HTMLParser):
    """The POST forms of a page: [(action, [(name, value)])], with each field's first value."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = []
            self.forms.append((attrs.get("action") or "", self._fields))
        if self._fields is None or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "image", "file", "reset"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                if attrs.get("type") == "radio" and not any(name == attrs["name"] for name, _ in self._fields):
                    self._fields.append((attrs["name"], attrs.get("value") or "on"))
                return
            self._fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select:
            self._fields.append((self._select, attrs.get("value") or ""))
            self._select = None
        elif tag == "textarea":
            self._fields.append((attrs["name"], ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def _client(world, role: str, language: str = "ko") -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.people[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _forms(world) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(actor, page, action, fields) for every POST form on every page the actors may open."""
    found: dict[tuple[str, tuple[str, ...]], tuple] = {}
    for actor in ACTORS:
        client = _client(world, actor)
        for url in site_urls():
            rule = rule_for(url.key, url.route)
            if url.route.startswith("admin/") and not OUR_ADMIN_FORM.match(url.route):
                continue
            if SKIPPED.search(url.route):
                continue
            if rule is None or actor not in rule.allowed("GET", "mine"):
                continue
            page = url.path(world, "mine")
            response = client.get(page)
            assert response.status_code < 500, f"{actor} GET {page} -> {response.status_code}"
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = FormParser()
            parser.feed(response.content.decode())
            for action, fields in parser.forms:
                action = action or page
                if SKIPPED.search(action) or not action.startswith("/") or action.endswith("/password/"):
                    continue
                # One form per view and set of fields: the booking form of every slot is one form.
                view = resolve(action.split("?")[0]).view_name
                key = (view, tuple(sorted(name for name, _value in fields)))
                found.setdefault(key, (actor, page, action, fields))
    return list(found.values())


def _error_texts(html: str) -> list[str]:
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, flags=re.S)
    items = [item for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]
    return [re.sub(r"<[^>]+>", " ", item).strip() for item in items]


def _rounds(fields, all_at_once: bool):
    """The submissions for a form: (language, data, what was changed).

    Our own forms get each field replaced on its own by a few bad values (so one
    field's error cannot hide another's 500); long forms and the admin's, slower
    to render, get every field bad at once, each round shifting which value goes where.
    """
    names = list(dict.fromkeys(name for name, _value in fields if not KEPT.search(name)))
    if all_at_once:
        for round_number, language in enumerate(["ko", "ko", "ko", "en"]):
            bad = {name: BAD_VALUES[(index + round_number * 3) % len(BAD_VALUES)] for index, name in enumerate(names)}
            yield language, [(field, bad.get(field, default)) for field, default in fields], "every field"
        return
    values = itertools.cycle(BAD_VALUES)
    for name in names:
        for language, count in (("ko", VALUES_PER_FIELD), ("en", 1)):
            for value in itertools.islice(values, count):
                data = [(field, value if field == name else default) for field, default in fields]
                yield language, data, f"{name}={value[:12]!r}"


@pytest.mark.django_db
def test_every_form_field_with_bad_values_never_answers_5xx_and_explains_in_the_persons_language(caplog):

    world = build_world()
    forms = _forms(world)
    assert len(forms) >= 15, [action for _actor, _page, action, _fields in forms]
    problems, checked_errors = [], 0
    for actor, _page, action, fields in forms:
        clients = {language: _client(world, actor, language) for language in ("ko", "en")}
        many = action.startswith("/admin/") or len(fields) > MANY_FIELDS
        for language, data, changed in _rounds(fields, all_at_once=many):
            response = clients[language].post(action, _multi(data))
            label = f"{actor} [{language}] POST {action} {changed} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"{label}: {_last_error(caplog)}")
                continue
            errors = _error_texts(response.content.decode(errors="replace"))
            checked_errors += bool(errors)
            foreign = [text for text in errors if bool(HANGUL.search(text)) != (language == "ko")]
            if foreign:
                problems.append(f"{label}: error not in {language}: {foreign[:2]}")
        # The same form in the other shapes a client might send it.
        client = clients["ko"]
        defaults = dict(fields)
        for body, content_type in [
            (json.dumps(defaults), "application/json"),
            ("&".join(f"{name}=%ff%fe" for name in defaults), "application/x-www-form-urlencoded"),
            ("just text", "text/plain"),
            ("[" * 3000, "application/json"),
            (b"", "multipart/form-data; boundary=nothing"),
        ]:
            response = client.post(action, data=body, content_type=content_type)
            if response.status_code >= 500:
                problems.append(f"{actor} POST {action} as {content_type} -> 500: {_last_error(caplog)}")
    assert problems == [], "\n".join(problems)
    assert checked_errors > 10  # the sweep saw error messages to check


def _last_error(caplog) -> str:
    """The exception behind the last 500, for the failure message."""
    for record in reversed(caplog.records):
        if record.exc_info:
            return repr(record.exc_info[1])[:300]
    return "?"


def _multi(pairs):
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def _scan_fields() -> dict:
    return openapi_schema("http://testserver")["components"]["schemas"]["Scan"]["properties"]


WRONG_TYPES = [None, True, 0, -1, 2**63, 1.5, [], ["AbCdEfGh12345678"], {}, {"a": 1}, "\x00" * 10, "x" * 10_000, "²١٢"]


@pytest.mark.django_db
def test_json_endpoints_answer_bad_bodies_with_json_errors():
    world = build_world()
    endpoints = [
        ("booth_staff", f"/api/booths/{world.values[('mine', 'booth_id')]}/visits"),
        ("check_in_helper", "/api/events/aigs/entrance"),
        ("check_in_helper", "/api/events/aigs/townhall-door"),
    ]

    def good():
        return {"badge_code": "AbCdEfGh12345678", "nonce": uuid.uuid4().hex, "scanned_at": "2030-01-01T00:00:00Z"}

    fields = _scan_fields()
    bodies = [(json.dumps({**good(), field: value}), "application/json") for field in fields for value in WRONG_TYPES]
    bodies += [
        (json.dumps({key: value for key, value in good().items() if key != field}), "application/json")
        for field in fields
    ]
    bodies += [(json.dumps(value), "application/json") for value in WRONG_TYPES] + [
        ("[" * 3000 + "]" * 3000, "application/json"),
        ('{"a":' * 3000 + "1" + "}" * 3000, "application/json"),
        (b'{"badge_code": "\xff"}', "application/json"),
        (json.dumps(good()), "text/plain"),
        ("badge_code=AbCdEfGh12345678", "application/x-www-form-urlencoded"),
        (json.dumps(good()), "application/json; charset=latin-1"),
        ("x" * 200_000, "application/json"),
    ]
    problems = []
    for actor, url in endpoints:
        client = _client(world, actor)
        for body, content_type in bodies:
            response = client.post(url, data=body, content_type=content_type)
            label = f"{actor} POST {url} {content_type} {str(body)[:40]!r} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(label)
            elif response.get("Content-Type") != "application/json" or "status" not in response.json():
                problems.append(f"{label}: not a JSON answer")
        response = client.post(url, {"badge_code": "AbCdEfGh12345678", "frame": b"x"})  # multipart
        if response.status_code != 415:
            problems.append(f"{actor} POST {url} multipart -> {response.status_code}")
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_desk_searches_answer_bad_queries_with_json_in_the_persons_language():
    world = build_world()
    endpoints = ["/api/events/aigs/entrance/people", "/api/events/aigs/townhall-door/people"]
    queries = [*BAD_VALUES, "%", "_", "'; --", "\\", "a" * 101, "  ", "\u200b\u200b"]
    problems = []
    for language in ("ko", "en"):
        client = _client(world, "check_in_helper", language)
        for url in endpoints:
            for query in queries:
                response = client.get(url, {"q": query})
                label = f"[{language}] GET {url}?q={query[:12]!r} -> {response.status_code}"
                if response.status_code != 200 or response.get("Content-Type") != "application/json":
                    problems.append(label)
                    continue
                message = response.json()["message"]
                if message and bool(HANGUL.search(message.replace(query, ""))) != (language == "ko"):
                    problems.append(f"{label}: message not in {language}: {message[:60]}")
            response = client.get(url, {"q": ["kim", "lee"]})  # the field twice
            if response.status_code != 200:
                problems.append(f"[{language}] GET {url} with q twice -> {response.status_code}")
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_the_post_scan_lead_panel_answers_bad_bodies_with_json_errors():
    world = build_world()
    booth_id, visit_id = world.values[("mine", "booth_id")], world.values[("mine", "visit_id")]
    url = f"/aigs/booths/{booth_id}/visits/{visit_id}/lead"
    fields = ["rating", "note", "add_tags", "remove_tags"]
    bodies = [(json.dumps({field: value}), "application/json") for field in fields for value in WRONG_TYPES]
    bodies += [(json.dumps(value), "application/json") for value in WRONG_TYPES] + [
        ('{"a":' * 3000 + "1" + "}" * 3000, "application/json"),
        (b'{"note": "\xff"}', "application/json"),
        (json.dumps({"rating": 3}), "text/plain"),
        ("rating=3", "application/x-www-form-urlencoded"),
        ("x" * 200_000, "application/json"),
        (json.dumps({"add_tags": ["x" * 100] * 20, "note": "\x00" * 6000}), "application/json"),
    ]
    problems = []
    for language in ("ko", "en"):
        client = _client(world, "booth_staff", language)
        for body, content_type in bodies:
            response = client.post(url, data=body, content_type=content_type)
            label = f"[{language}] POST {url} {content_type} {str(body)[:40]!r} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(label)
            elif response.get("Content-Type") != "application/json" or "status" not in response.json():
                problems.append(f"{label}: not a JSON answer")
            elif response.status_code == 400 and bool(HANGUL.search(response.json()["message"])) != (language == "ko"):
                problems.append(f"{label}: message not in {language}: {response.json()['message']}")
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_the_challenge_results_pages_answer_bad_parameters_in_the_persons_language():
    world = build_world()
    problems = []
    for language in ("ko", "en"):
        for actor in ("anonymous", "attendee", "organiser"):
            client = _client(world, actor, language)
            for value in [*BAD_VALUES, "final", "0", "999999"]:
                response = client.get("/aigs/challenge/leaderboard/", {"phase": value})
                if response.status_code != 200:
                    problems.append(
                        f"{actor} [{language}] GET leaderboard?phase={value[:12]!r} -> {response.status_code}"
                    )
        client = _client(world, "attendee", language)
        for data in [{"action": value, "agree": value} for value in BAD_VALUES] + [{"action": ["grant", "withdraw"]}]:
            response = client.post("/aigs/challenge/talent-pool/", data, follow=True)
            messages = [str(message) for message in response.context["messages"]] if response.context else []
            label = f"[{language}] POST talent-pool {str(data)[:40]} -> {response.status_code}"
            if response.status_code != 200:
                problems.append(label)
            elif any(bool(HANGUL.search(message)) != (language == "ko") for message in messages):
                problems.append(f"{label}: message not in {language}: {messages}")
    assert problems == [], "\n".join(problems)
