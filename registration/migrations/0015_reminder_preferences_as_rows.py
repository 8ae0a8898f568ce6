"""Reminder preferences move from one column per kind on the profile to mail.ReminderPreference rows.

Only the reminders people turned off are copied (True was every kind's default,
and no row means the default), then the columns go.
"""

from django.db import migrations

COLUMNS = {
    "wants_day_before_reminder": "day_before_reminder",
    "wants_session_reminders": "session_reminder",
    "wants_consultation_reminders": "consultation_reminder",
}


def copy_turned_off(apps, schema_editor):
    AttendeeProfile = apps.get_model("registration", "AttendeeProfile")
    ReminderPreference = apps.get_model("mail", "ReminderPreference")
    rows = [
        ReminderPreference(user_id=profile["user_id"], kind=kind, wants=False)
        for column, kind in COLUMNS.items()
        for profile in AttendeeProfile.objects.filter(**{column: False}).values("user_id")
    ]
    ReminderPreference.objects.bulk_create(rows, ignore_conflicts=True)


def copy_back(apps, schema_editor):
    AttendeeProfile = apps.get_model("registration", "AttendeeProfile")
    ReminderPreference = apps.get_model("mail", "ReminderPreference")
    for column, kind in COLUMNS.items():
        users = ReminderPreference.objects.filter(kind=kind, wants=False).values("user_id")
        AttendeeProfile.objects.filter(user_id__in=users).update(**{column: False})


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0014_consent_event_protected"),
        ("mail", "0001_reminder_preferences"),
    ]

    operations = [
        migrations.RunPython(copy_turned_off, copy_back),
        migrations.RemoveField(model_name="attendeeprofile", name="wants_day_before_reminder"),
        migrations.RemoveField(model_name="attendeeprofile", name="wants_session_reminders"),
        migrations.RemoveField(model_name="attendeeprofile", name="wants_consultation_reminders"),
    ]
