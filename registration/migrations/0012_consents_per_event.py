"""Consents belong to an event: the one whose texts (and exhibitors) the person saw.

Until now a consent was global per person, so agreeing to share details with one
edition's exhibitors counted for every later edition. Existing records are
attributed as follows, never widening what a person agreed to:

- A consent row belongs to the event of the person's latest registration created
  no later than a few seconds after the row (the registration form records the
  consents and then the registration, in one transaction; a later change on the
  profile page was made while that registration was the person's latest).
- A withdrawal (granted = false) also applies to every other event the person had
  registered for by then: a withdrawal only ever narrows.
- Every registration's event gets the required consent if it has none: the
  registration form could not be sent without ticking it. Optional consents are
  not carried over to another event: that event's exhibitors were never agreed to,
  so the person is asked again.
- Rows that no registration explains (the registration was deleted by an organiser
  before this migration) are deleted: no event's text can be shown to have been
  agreed to, and nothing reads a consent without an event.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models

GRACE = datetime.timedelta(seconds=10)


def attach_consents_to_events(apps, schema_editor):
    Consent = apps.get_model("registration", "Consent")
    Registration = apps.get_model("registration", "Registration")
    user_ids = Consent.objects.values_list("user_id", flat=True).distinct()
    for user_id in user_ids.iterator():
        registrations = list(
            Registration.objects.filter(user_id=user_id).order_by("created_at", "id").values("event_id", "created_at")
        )
        for consent in Consent.objects.filter(user_id=user_id).order_by("recorded_at", "id"):
            before = [row for row in registrations if row["created_at"] <= consent.recorded_at + GRACE]
            if not before:
                consent.delete()
                continue
            consent.event_id = before[-1]["event_id"]
            consent.save(update_fields=["event"])
            if not consent.granted:
                for event_id in {row["event_id"] for row in before} - {consent.event_id}:
                    Consent.objects.create(
                        user_id=user_id,
                        event_id=event_id,
                        kind=consent.kind,
                        granted=False,
                        text_version=consent.text_version,
                        recipients="",
                        recorded_at=consent.recorded_at,
                    )
        for row in registrations:
            has_required = Consent.objects.filter(
                user_id=user_id, event_id=row["event_id"], kind="event_processing", granted=True
            ).exists()
            if has_required:
                continue
            shown = (
                Consent.objects.filter(user_id=user_id, kind="event_processing", recorded_at__lte=row["created_at"])
                .order_by("-recorded_at", "-id")
                .first()
            )
            Consent.objects.create(
                user_id=user_id,
                event_id=row["event_id"],
                kind="event_processing",
                granted=True,
                text_version=shown.text_version if shown else "2026-11-v1",
                recipients="",
                recorded_at=row["created_at"],
            )


class Migration(migrations.Migration):
    dependencies = [("registration", "0011_confirmed_count_trigger")]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="event",
            # Without its constraint and index for now: with rows in the table, PostgreSQL would queue a
            # deferred check per row and refuse the index in this transaction. 0013 adds both.
            field=models.ForeignKey(
                null=True,
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consents",
                to="registration.event",
                verbose_name="event",
            ),
        ),
        migrations.RunPython(attach_consents_to_events, migrations.RunPython.noop),
    ]
