"""The event of a consent is required from now on (0012 gave every kept row one); indexed as it is read."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registration", "0012_consents_per_event")]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consents",
                to="registration.event",
                verbose_name="event",
            ),
        ),
        migrations.RemoveIndex(model_name="consent", name="registration_consent_latest"),
        migrations.AddIndex(
            model_name="consent",
            index=models.Index(fields=["user", "event", "kind", "-recorded_at"], name="registration_consent_in_force"),
        ),
    ]
