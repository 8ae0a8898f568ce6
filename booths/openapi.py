"""The visit API's part of the OpenAPI document (the whole one is `common.api.openapi_document`)."""

from common.api import openapi_document


def schema(server_url: str) -> dict:
    """The document with the booth paths only: generated, like the whole one, from the views."""
    document = openapi_document(server_url)
    document["paths"] = {path: item for path, item in document["paths"].items() if path.startswith("/api/booths/")}
    return document
