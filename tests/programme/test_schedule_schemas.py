"""schedule.json and schedule.xml against the c3voc schedule schemas, fetched as a client would.

The schemas are copies of the c3voc `voc/schedule` repository's `validator/json/schema.json` and
`validator/xsd/schedule.xml.xsd`, kept in `schemas/` with their licence (EUPL-1.2; see schemas/NOTICE.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest
import xmlschema
from django.conf import settings
from django.core.management import call_command

from bench.seed_programme import seed

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def _schema_file(name: str) -> Path:
    return SCHEMAS / name


@pytest.fixture(scope="module")
def json_validator():
    return jsonschema_rs.validator_for(json.loads(_schema_file("schema.json").read_text()))


@pytest.fixture(scope="module")
def xml_schema():
    return xmlschema.XMLSchema(str(_schema_file("schedule.xml.xsd")))


@pytest.fixture
def demo_event(db):
    call_command("load_demo", start_date="2022-08-18")
    return "aigs-demo"


@pytest.fixture
def seeded_event(db):

    event, _sessions, _speakers = seed()
    return event.slug


def _get(client, path: str, *, language: str | None) -> bytes:
    client.cookies.clear()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content


def _json_errors(validator, document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.instance_path))}: {error.message[:200]}" for error in validator.iter_errors(document)
    ]


def _check_both(client, slug: str, json_validator, xml_schema) -> dict:
    """Both documents by default (Korean), with ?lang=en and for a browser that chose English."""
    documents = {}
    for query, language in (("", None), ("?lang=en", None), ("", "en")):
        document = json.loads(_get(client, f"/{slug}/schedule.json{query}", language=language))
        assert _json_errors(json_validator, document) == [], (query, language)
        xml = _get(client, f"/{slug}/schedule.xml{query}", language=language).decode()
        assert list(xml_schema.iter_errors(xml)) == [], (query, language)
        documents[language or query] = document
    return documents


def test_the_demo_schedule_is_valid_in_both_formats_and_languages(client, demo_event, json_validator, xml_schema):
    documents = _check_both(client, demo_event, json_validator, xml_schema)

    conference = documents["en"]["schedule"]["conference"]
    assert conference["acronym"] == "aigs_demo"
    entries = [entry for day in conference["days"] for room in day["rooms"].values() for entry in room]
    assert entries and all(entry["slug"].startswith(f"aigs_demo-{entry['id']}-") for entry in entries)
    korean = documents[""]["schedule"]["conference"]
    assert korean["title"] != conference["title"]  # the default answer is the Korean one


def test_a_large_seeded_schedule_is_valid_in_both_formats(client, seeded_event, json_validator, xml_schema):
    documents = _check_both(client, seeded_event, json_validator, xml_schema)

    conference = documents[""]["schedule"]["conference"]
    entries = [entry for day in conference["days"] for room in day["rooms"].values() for entry in room]
    assert len(entries) == 200
    assert len({entry["slug"] for entry in entries}) == 200
    assert all(person["name"] for entry in entries for person in entry["persons"])
