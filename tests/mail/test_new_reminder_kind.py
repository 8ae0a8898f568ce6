"""A kind of reminder registered from outside every app (here, this test module) needs no other code:
the planner plans it, the profile page offers it, the unsubscribe link and the personal-data export know it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from mail.models import EmailStatus, OutboundEmail, ReminderPreference
from mail.reminders import DueReminder, plan_reminders, register_reminder_kind, unregister_reminder_kind
from tests.factories.registration import AttendeeProfileFactory

pytestmark = pytest.mark.django_db

KIND = "test_tea_break_reminder"
LABEL = "Remind me of the tea break"
DESCRIPTION = "An email when the tea is poured."


@pytest.fixture
def tea_break(settings, tmp_path):
    """The new kind: its templates in a folder of their own, a plan that reminds everyone listed in `people`."""
    folder = tmp_path / "tea" / "email"
    folder.mkdir(parents=True)
    (folder / "break_subject.txt").write_text("Tea for {{ name }}")
    (folder / "break.txt").write_text("Tea is poured at {{ when|time:'H:i' }}.")
    (folder / "break.html").write_text("<html><body><p>Tea is poured.</p></body></html>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    people: list = []
    poured_at = timezone.now() + datetime.timedelta(minutes=10)

    def due(now):
        for user in people:
            yield DueReminder(
                user=user,
                object_key=f"tea:{poured_at:%Y%m%dT%H%M}",
                template="tea/email/break",
                context={"name": user.attendee_profile.full_name, "when": poured_at},
                send_after=poured_at - datetime.timedelta(minutes=15),
                not_after=poured_at,
            )

    register_reminder_kind(KIND, label=LABEL, description=DESCRIPTION, plan=due)
    yield people
    unregister_reminder_kind(KIND)


def test_a_kind_registered_from_outside_is_planned_offered_on_the_profile_and_honoured(client, tea_break):
    wants = AttendeeProfileFactory(full_name="Kim Jiwoo").user
    declines = AttendeeProfileFactory(full_name="Lee Minsu").user
    tea_break.extend([wants, declines])
    client.force_login(declines)

    page = client.get("/me/profile/?lang=en")
    field = re.search(r'<input type="checkbox" name="reminders-reminder_test_tea_break_reminder"[^>]*>', page.text)
    unticked = _profile_form(page)
    del unticked["reminders-reminder_" + KIND]
    saved = client.post("/me/profile/?lang=en", unticked)
    queued = plan_reminders()
    again = plan_reminders()

    assert (LABEL in page.text, DESCRIPTION in page.text) == (True, True)
    assert "checked" in field.group(0)
    assert saved.status_code == 302
    assert list(ReminderPreference.objects.filter(kind=KIND).values_list("user", "wants")) == [(declines.pk, False)]
    assert (queued, again) == (1, 0)
    row = OutboundEmail.objects.get(kind=KIND)
    assert (row.recipient, row.subject, row.status) == (wants.email, "Tea for Kim Jiwoo", EmailStatus.QUEUED)
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert client.get("/me/data.json").json()["reminder_preferences"][KIND] is False


def test_the_unsubscribe_link_of_a_new_kind_turns_it_off(client, tea_break):
    person = AttendeeProfileFactory().user
    tea_break.append(person)
    plan_reminders()
    (link,) = re.findall(r"<https?://[^/]+(/[^>]+)>", OutboundEmail.objects.get(kind=KIND).headers["List-Unsubscribe"])

    asked = client.get(link + "?lang=en")
    clicked = client.post(link, {"List-Unsubscribe": "One-Click"})

    assert (asked.status_code, LABEL in asked.text, clicked.status_code) == (200, True, 200)
    assert ReminderPreference.objects.get(user=person, kind=KIND).wants is False


def _profile_form(page) -> dict:
    """The profile form's fields as the page filled them in (what a browser would send back)."""
    form = page.context["profile_form"]
    data = {f"profile-{name}": value for name, value in form.initial.items() if value not in (None, False)}
    data["profile-graduate_school"] = getattr(form.initial.get("graduate_school"), "pk", "")
    for name, field in page.context["reminder_form"].fields.items():
        if field.initial:
            data[f"reminders-{name}"] = "on"
    return data
