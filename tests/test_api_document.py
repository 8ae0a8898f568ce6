"""/api/openapi.json is generated from the views: every view of ours that answers JSON is in it."""

from __future__ import annotations

import inspect
import re

import pytest
import schemathesis
from django.http import JsonResponse
from django.urls import clear_url_caches
from django.urls import path as route_to

from common.api import json_endpoint, openapi_document, openapi_path, routes, spec_of

OUR_PACKAGES = ("audit", "booths", "common", "registration", "sessions", "symposium", "townhall")


def _innermost(view):
    while getattr(view, "__wrapped__", None) is not None:
        view = view.__wrapped__
    return getattr(view, "view_class", view)


def _answers_json(view) -> bool:
    """Whether the view's own code builds a JSON answer (a JsonResponse, the scanners' shared answer, or a body
    declared as JSON)."""
    try:
        source = inspect.getsource(_innermost(view))
    except (OSError, TypeError):
        return False
    return any(marker in source for marker in ("JsonResponse(", "scan_answer(", "application/json"))


def _ours(view) -> bool:
    # Django's admin (its autocomplete answers JSON) and allauth describe their own views.
    return (getattr(_innermost(view), "__module__", "") or "").split(".")[0] in OUR_PACKAGES


def test_every_json_answering_url_is_in_the_document():
    document = openapi_document("http://testserver")
    json_routes = {route: view for route, view in routes() if _ours(view) and _answers_json(view)}
    assert len(json_routes) >= 9  # the walk finds the JSON views at all

    missing = []
    for route, view in json_routes.items():
        spec = spec_of(view)
        path, _parameters = openapi_path(route)
        if spec is None or spec.method not in document["paths"].get(path, {}):
            missing.append(route)
    assert missing == [], "describe these with @common.api.json_endpoint"


def test_every_operation_declares_its_answers_and_the_document_loads():
    document = openapi_document("http://testserver")

    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], (method, path)
            assert all(answer["description"] for answer in operation["responses"].values()), (method, path)
            assert {
                parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "path"
            } == set(re.findall(r"\{(\w+)\}", path)), path
    # schemathesis refuses a document that is not OpenAPI 3
    assert len(list(schemathesis.openapi.from_dict(document).get_all_operations())) == sum(
        len(item) for item in document["paths"].values()
    )


def test_a_new_endpoint_is_one_decorator(settings):

    @json_endpoint("get", summary="Ping", responses={200: ("Pong", {"type": "object"})})
    def ping(request, event_slug: str, number: int):
        return JsonResponse({})

    urls = type("urls", (), {"urlpatterns": [route_to("api/<slug:event_slug>/ping/<int:number>", ping)]})
    settings.ROOT_URLCONF = urls
    clear_url_caches()
    try:
        operation = openapi_document("http://testserver")["paths"]["/api/{event_slug}/ping/{number}"]["get"]
    finally:
        clear_url_caches()

    assert operation["summary"] == "Ping"
    assert [(parameter["name"], parameter["schema"]["type"]) for parameter in operation["parameters"]] == [
        ("event_slug", "string"),
        ("number", "integer"),
    ]


@pytest.mark.django_db
def test_the_document_is_served_with_this_sites_address(client):
    document = client.get("/api/openapi.json").json()

    assert document["servers"] == [{"url": "http://testserver"}]
    assert {"/api/booths/{booth_id}/visits", "/api/events/{event_slug}/entrance",
            "/api/events/{event_slug}/townhall-door", "/api/scanner/decode"} <= set(document["paths"])  # fmt: skip
