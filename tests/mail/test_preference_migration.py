"""The migration that turns the profile's reminder columns into preference rows keeps every turned-off reminder."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registration", "0014_consent_event_protected"), ("mail", "0001_reminder_preferences")]


def _migrate(targets=None):
    """Migrates to the targets (default: every app's latest) and returns the models as they are then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_reminders_turned_off_in_a_column_become_rows_and_the_defaults_none():
    old = _migrate(BEFORE)
    User, AttendeeProfile = (old.get_model("registration", name) for name in ("User", "AttendeeProfile"))

    def person(email, **wants):
        user = User.objects.create(email=email, password="!")
        AttendeeProfile.objects.create(user=user, full_name=email, category="other", **wants)

    person("everything@example.org")
    person("quiet@example.org", wants_day_before_reminder=False, wants_consultation_reminders=False)
    person("no.sessions@example.org", wants_session_reminders=False)

    new = _migrate()
    ReminderPreference = new.get_model("mail", "ReminderPreference")
    rows = sorted(ReminderPreference.objects.values_list("user__email", "kind", "wants"))

    assert rows == [
        ("no.sessions@example.org", "session_reminder", False),
        ("quiet@example.org", "consultation_reminder", False),
        ("quiet@example.org", "day_before_reminder", False),
    ]
    assert {field.name for field in new.get_model("registration", "AttendeeProfile")._meta.fields} & {
        "wants_day_before_reminder",
        "wants_session_reminders",
        "wants_consultation_reminders",
    } == set()
