"""JSON endpoints describe themselves; `/api/openapi.json` is generated from those descriptions.

A view that answers JSON carries its description with one decorator, next to the code that
reads its input and writes its answer:

    @json_endpoint(
        "post",
        summary="Record a visit from a scanned badge",
        request=SCAN,                                   # a JSON Schema (or a Component) of the body
        responses={201: ("A new visit", SCAN_ANSWER)},  # status: (description, schema or None)
        security=("device", "session"),
    )
    def record_visit(request, booth_id): ...

`openapi_document()` walks the URL resolver, turns each decorated view's route into an OpenAPI
path (`<int:booth_id>` becomes `{booth_id}`, an integer) and collects the named schemas
(`Component`) into `components`. A view is described once, wherever it is routed, and a test
walks the resolver to fail on a JSON-answering view without a description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

JSON = "application/json"
HTML = "text/html"


@dataclass(frozen=True)
class Component:
    """A JSON Schema with a name: written once under `components/schemas`, referred to by `$ref`."""

    name: str
    schema: dict

    @property
    def ref(self) -> dict:
        return {"$ref": f"#/components/schemas/{self.name}"}


@dataclass(frozen=True)
class Answer:
    """One response: its description, its body's schema and media type (none for an empty body)."""

    description: str
    schema: dict | Component | None = None
    media_type: str = JSON


@dataclass
class EndpointSpec:
    method: str
    summary: str
    description: str = ""
    request: dict | Component | None = None
    request_media_type: str = JSON
    request_required: bool = True
    responses: dict[int, Answer] = field(default_factory=dict)
    security: tuple[str, ...] = ()
    parameters: tuple[dict, ...] = ()
    tags: tuple[str, ...] = ()


SECURITY_SCHEMES = {
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
        "description": "A signed-in person's session; writes also send the `X-CSRFToken` header.",
    },
    "device": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Device <token>`, a token a booth manager creates on the booth's leads page.",
    },
}


def json_endpoint(
    method: str,
    *,
    summary: str,
    responses: dict[int, Answer | tuple],
    description: str = "",
    request: dict | Component | None = None,
    request_media_type: str = JSON,
    request_required: bool = True,
    security: tuple[str, ...] = (),
    parameters: tuple[dict, ...] = (),
    tags: tuple[str, ...] = (),
):
    """Describes the decorated view in the OpenAPI document; the view itself is unchanged.

    Put it outermost (above `csrf_exempt`, `login_required`, ...). `responses` maps each status
    the view answers to an `Answer` or a tuple of its arguments.
    """
    spec = EndpointSpec(
        method=method.lower(),
        summary=summary,
        description=description,
        request=request,
        request_media_type=request_media_type,
        request_required=request_required,
        responses={
            status: answer if isinstance(answer, Answer) else Answer(*answer) for status, answer in responses.items()
        },
        security=tuple(security),
        parameters=tuple(parameters),
        tags=tuple(tags),
    )
    unknown = set(spec.security) - set(SECURITY_SCHEMES)
    if unknown:
        raise ValueError(f"unknown security schemes: {sorted(unknown)}")

    def decorate(view):
        # A view answering several methods carries one decorator per method.
        view.api_specs = [spec, *getattr(view, "api_specs", [])]
        return view

    return decorate


def specs_of(view) -> list[EndpointSpec]:
    """The descriptions a view (or a view it wraps) carries, one per method."""
    while view is not None:
        specs = getattr(view, "api_specs", None)
        if specs:
            return specs
        view = getattr(view, "__wrapped__", None)
    return []


def spec_of(view) -> EndpointSpec | None:
    """The description of a view's first method, or None."""
    specs = specs_of(view)
    return specs[0] if specs else None


# --- The document ---------------------------------------------------------------------------

CONVERTERS = {
    "int": {"type": "integer", "minimum": 0},
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    "str": {"type": "string", "pattern": "^[^/]+$"},
    "uuid": {"type": "string", "format": "uuid"},
    "path": {"type": "string"},
}
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def routes():
    """(route as written, view) for every URL pattern, includes flattened."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    yield from walk(get_resolver().url_patterns, "")


def openapi_path(route: str) -> tuple[str, list[dict]]:
    """`api/booths/<int:booth_id>/visits` as `/api/booths/{booth_id}/visits` and its path parameters."""
    parameters = []
    for match in PARAMETER.finditer(route):
        schema = CONVERTERS.get(match["converter"] or "str", {"type": "string"})
        parameters.append({"name": match["name"], "in": "path", "required": True, "schema": dict(schema)})
    return "/" + PARAMETER.sub(lambda match: "{" + match["name"] + "}", route), parameters


def _schema(value, components: dict) -> dict:
    """A JSON Schema with every Component inside it replaced by its `$ref` (and collected)."""
    if isinstance(value, Component):
        if value.name not in components:
            components[value.name] = None  # placeholder: a schema may refer to itself
            components[value.name] = _schema(value.schema, components)
        return value.ref
    if isinstance(value, dict):
        return {key: _schema(item, components) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_schema(item, components) for item in value]
    return value


def _operation(spec: EndpointSpec, path_parameters: list[dict], components: dict) -> dict:
    operation: dict[str, Any] = {"summary": spec.summary, "operationId": None}
    if spec.description:
        operation["description"] = spec.description
    if spec.tags:
        operation["tags"] = list(spec.tags)
    parameters = path_parameters + [_schema(parameter, components) for parameter in spec.parameters]
    if parameters:
        operation["parameters"] = parameters
    if spec.security:
        operation["security"] = [{name: []} for name in spec.security]
    if spec.request is not None:
        operation["requestBody"] = {
            "required": spec.request_required,
            "content": {spec.request_media_type: {"schema": _schema(spec.request, components)}},
        }
    responses = {}
    for status, answer in sorted(spec.responses.items()):
        entry: dict[str, Any] = {"description": answer.description}
        if answer.schema is not None:
            entry["content"] = {answer.media_type: {"schema": _schema(answer.schema, components)}}
        responses[str(status)] = entry
    operation["responses"] = responses
    return operation


def openapi_document(server_url: str) -> dict:
    """The OpenAPI 3.0 document of every described view reachable through the URL patterns."""
    paths: dict[str, dict] = {}
    components: dict[str, dict] = {}
    for route, view in routes():
        for spec in specs_of(view):
            path, path_parameters = openapi_path(route)
            operation = _operation(spec, path_parameters, components)
            operation["operationId"] = f"{spec.method}_{getattr(view, '__name__', 'view')}"
            paths.setdefault(path, {})[spec.method] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Symposium API",
            "version": "1.0.0",
            "description": "Every endpoint that answers JSON. Generated from the views' own descriptions.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": paths,
        "components": {"securitySchemes": SECURITY_SCHEMES, "schemas": dict(sorted(components.items()))},
    }
