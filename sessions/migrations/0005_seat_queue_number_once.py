"""A session's waitlist numbers are unique, as the days' and the townhall's are (common.capacity hands them out)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0004_personal_data_erasure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="seatreservation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("queue_number__isnull", False)),
                fields=("session", "queue_number"),
                name="programme_queue_number_once",
            ),
        ),
    ]
