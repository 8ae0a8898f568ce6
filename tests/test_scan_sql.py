"""The hand-written SQL on the scan path names tables through the models, and answers typed rows.

Models are about to move between apps (and their tables with them): a table name
written out in Python would keep pointing at the old table.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from booths.selectors import ScanningDevice, device_for_token, lead_tags_for
from booths.services import create_device_token, record_visit, update_lead
from registration.selectors import BadgeHolder, registration_for_badge
from registration.services import register_attendee
from tests.factories.booths import BoothFactory
from tests.factories.registration import EventDayFactory, EventFactory, attendee

ROOT = Path(__file__).resolve().parent.parent
SCAN_PATH_APPS = ("booths", "registration", "townhall", "common")


def _string_constants(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_table_name_is_written_out_in_the_scan_path_apps():
    tables = {model._meta.db_table for model in apps.get_models()}
    word = re.compile(r"\b(" + "|".join(sorted(map(re.escape, tables), key=len, reverse=True)) + r")\b")
    found = []
    for app in SCAN_PATH_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, text in _string_constants(path):
                found += [f"{path.relative_to(ROOT)}:{line}: {match}" for match in word.findall(text)]
    assert found == []


@pytest.mark.django_db
def test_the_scan_lookups_answer_typed_rows():
    event = EventFactory(start_date=timezone.localdate(), end_date=timezone.localdate())
    EventDayFactory(event=event, date=event.start_date)
    registration = register_attendee(
        event=event, user=attendee(share_with_booths=True), dates=[event.start_date], enforce_window=False
    )
    booth = BoothFactory(event=event)
    token, device = create_device_token(booth=booth, name="Tablet", created_by=None)
    visit = record_visit(
        booth=booth, badge_code=registration.badge_code, nonce="typed-rows-1", scanned_at=timezone.now()
    ).record
    update_lead(visit=visit, note="", rating=None, tags=["Robotics"])

    holder = registration_for_badge(event_id=event.pk, badge_code=registration.badge_code)
    found = device_for_token(token)

    assert dataclasses.is_dataclass(holder) and type(holder) is BadgeHolder
    assert (holder.registration_id, holder.badge_is_valid, holder.shares_with_booths) == (registration.pk, True, True)
    assert holder.person(shared=True).name == registration.user.attendee_profile.full_name
    assert type(found) is ScanningDevice
    assert (found.device_id, found.booth.booth_id, found.booth.event_id) == (device.pk, booth.pk, event.pk)
    assert registration_for_badge(event_id=event.pk, badge_code="NoSuchBadge123") is None
    assert device_for_token("not-a-token") is None
    assert lead_tags_for(booth)[:1] == ["Robotics"]  # the booth's own tags first
