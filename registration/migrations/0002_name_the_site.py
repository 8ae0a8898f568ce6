from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    """allauth writes the site's name into its emails; example.com would confuse people."""
    site_model = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    site_model.objects.update_or_create(id=settings.SITE_ID, defaults={"domain": domain, "name": "Symposium"})


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
