"""Fuzzing the visit API from its own OpenAPI schema: malformed bodies never give a 5xx."""

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NotSet
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from booths.models import Booth
from booths.openapi import schema as openapi_schema
from booths.services import create_device_token
from common.api import openapi_document
from common.scanning import ScanOutcome
from tests.e2e.site import build_world
from tests.factories.booths import BoothFactory

api = schemathesis.openapi.from_dict(openapi_schema("http://testserver"))


@pytest.fixture
def device_booth(db):

    booth = BoothFactory()
    token, _device = create_device_token(booth=booth, name="fuzz", created_by=None)
    return booth, token


@pytest.mark.django_db
@api.parametrize()
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
def test_visit_api_never_answers_5xx(case, client, device_booth):
    booth, token = device_booth
    if isinstance(case.body, NotSet):
        body = b""
    elif isinstance(case.body, bytes | str):
        body = case.body
    else:
        body = json.dumps(case.body, default=str)

    response = client.generic(
        case.method,
        f"/api/booths/{booth.pk}/visits",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Device {token}",
    )

    assert response.status_code < 500, response.content
    assert response.json()["status"] in ScanOutcome.values


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [b"", b"null", b"[]", b'"text"', b"{}", b'{"badge_code": null}', b'{"badge_code": "x" }',
     "\udcff".encode("utf-8", "surrogatepass"),
     b'{"badge_code": "AAAAAAAAAA", "nonce": "nnnnnnnnnn", "scanned_at": "2026-13-45T99:99"}',
     b'{"badge_code": "AAAAAAAAAA", "nonce": "nnnnnnnnnn", "scanned_at": "2026-12-08T10:00:00"}'],
)  # fmt: skip
def test_hand_picked_bad_bodies_are_malformed_not_errors(client, device_booth, body):
    booth, token = device_booth

    response = client.post(
        f"/api/booths/{booth.pk}/visits",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Device {token}",
    )

    assert (response.status_code, response.json()["status"]) == (400, "malformed")


# --- Every endpoint of the document, against the live server with real sign-ins -------------


def _live_api():
    """The whole generated document, fuzzed with and without breaking the schema."""

    document = schemathesis.openapi.from_dict(openapi_document("http://testserver"))
    document.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], with_security_parameters=False
    )
    return document


live_api = _live_api()


@pytest.fixture
def signed_in_world(live_server, transactional_db):
    """The e2e world, each person's real session cookie, a CSRF token and a booth's device token."""

    world = build_world()
    sessions = {}
    for role in ("attendee", "booth_staff", "check_in_helper"):
        client = Client()
        client.force_login(world.people[role])
        sessions[role] = client.cookies["sessionid"].value
    booth = Booth.objects.get(pk=world.values[("mine", "booth_id")])
    token, _device = create_device_token(booth=booth, name="live fuzz", created_by=None)
    return {"world": world, "sessions": sessions, "csrf": _get_new_csrf_string(), "device_token": token}


# Who calls each operation; the visit API takes turns between a session and the booth's device token.
CALLERS = {
    "/api/booths/{booth_id}/visits": "booth_staff",
    "/api/events/{event_slug}/entrance": "check_in_helper",
    "/api/events/{event_slug}/townhall-door": "check_in_helper",
    "/api/scanner/decode": "booth_staff",
    "/{event_slug}/programme/sessions/{session_id}/agenda/": "attendee",
    "/me/data.json": "attendee",
    "/api/events/{event_slug}/entrance/people": "check_in_helper",
    "/api/events/{event_slug}/entrance/count": "check_in_helper",
    "/api/events/{event_slug}/townhall-door/people": "check_in_helper",
    "/api/events/{event_slug}/townhall-door/count": "check_in_helper",
    "/{event_slug}/booths/{booth_id}/visits/{visit_id}/lead": "booth_staff",
}


@pytest.mark.django_db(transaction=True)
@live_api.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_answers_within_its_schema(case, live_server, signed_in_world):

    world = signed_in_world["world"]
    real_values = {name: world.values[("mine", name)] for name in ("booth_id", "event_slug", "session_id", "visit_id")}
    case.path_parameters = {name: real_values.get(name, value) for name, value in (case.path_parameters or {}).items()}
    cookies = {django_settings.CSRF_COOKIE_NAME: signed_in_world["csrf"]}
    headers = {"X-CSRFToken": signed_in_world["csrf"]}
    caller = CALLERS.get(case.operation.path)
    by_device = case.operation.path == "/api/booths/{booth_id}/visits" and len(repr(case.body)) % 2 == 0
    if by_device:
        headers["Authorization"] = f"Device {signed_in_world['device_token']}"
    elif caller:
        cookies[django_settings.SESSION_COOKIE_NAME] = signed_in_world["sessions"][caller]

    response = case.call(base_url=live_server.url, cookies=cookies, headers=headers, allow_redirects=False)

    case.validate_response(
        response,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )


@pytest.mark.django_db
def test_the_served_document_is_the_generated_one(client):

    assert client.get("/api/openapi.json").json() == openapi_document("http://testserver/")
