"""Fuzzing the visit API from its own OpenAPI schema: malformed bodies never give a 5xx."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core import NotSet

from booths.openapi import schema as openapi_schema

api = schemathesis.openapi.from_dict(openapi_schema("http://testserver"))


@pytest.fixture
def device_booth(db):
    from booths.services import create_device_token
    from tests.factories.booths import BoothFactory

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
    assert response.json()["status"] in {"created", "duplicate", "unknown_badge", "cancelled", "not_staff", "malformed"}


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
