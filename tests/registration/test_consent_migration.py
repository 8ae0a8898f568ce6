"""The migration that gives every consent its event: never widening what a person agreed to."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("registration", "0011_confirmed_count_trigger")]


def _migrate(targets=None):
    """Migrates to the targets (default: every app's latest) and returns the models as they are then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_consents_go_to_the_event_they_were_given_for():
    old = _migrate(BEFORE)
    User, Event, Registration, Consent = (
        old.get_model("registration", name) for name in ("User", "Event", "Registration", "Consent")
    )
    start = timezone.now()
    events = [
        Event.objects.create(
            name_ko=slug, name_en=slug, slug=slug, venue_ko="v", venue_en="v",
            start_date=start.date(), end_date=start.date(),
            registration_opens_at=start - datetime.timedelta(days=9), registration_closes_at=start,
        )
        for slug in ("first", "second")
    ]  # fmt: skip
    person = User.objects.create(email="person@example.org", password="!")
    leaver = User.objects.create(email="leaver@example.org", password="!")

    def consent(user, kind, granted, at):
        Consent.objects.create(user=user, kind=kind, granted=granted, text_version="2026-11-v1", recorded_at=at)

    # First edition: both consents ticked, then the registration, in one transaction.
    consent(person, "event_processing", True, start)
    consent(person, "share_with_booths", True, start)
    Registration.objects.create(event=events[0], user=person, category="other", badge_code="A", created_at=start)
    # Second edition a month later: the form recorded nothing new (the same boxes, ticked in advance).
    Registration.objects.create(
        event=events[1], user=person, category="other", badge_code="B", created_at=start + datetime.timedelta(days=30)
    )
    # Someone whose registration an organiser deleted: nothing explains their consent.
    consent(leaver, "event_processing", True, start)

    new = _migrate()
    Consent = new.get_model("registration", "Consent")
    rows = sorted(Consent.objects.values_list("user__email", "event__slug", "kind", "granted"))

    assert rows == [
        ("person@example.org", "first", "event_processing", True),
        ("person@example.org", "first", "share_with_booths", True),
        ("person@example.org", "second", "event_processing", True),
    ]
