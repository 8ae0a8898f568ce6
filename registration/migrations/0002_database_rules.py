"""What PostgreSQL keeps true for this app, whatever code writes the rows:

- Keeps EventDay.confirmed_count: the day's confirmed RegistrationDay rows, inside PostgreSQL (common_keep_count).
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER registration_registrationday_keeps_confirmed_count
AFTER INSERT OR UPDATE OR DELETE ON registration_registrationday
FOR EACH ROW EXECUTE FUNCTION common_keep_count('events_eventday', 'confirmed_count', 'day_id', 'status', 'confirmed');

"""

DROP = """
DROP TRIGGER IF EXISTS registration_registrationday_keeps_confirmed_count ON registration_registrationday;
"""


class Migration(migrations.Migration):
    dependencies = [("registration", "0001_initial"), ("common", "0001_database_functions")]

    operations = [migrations.RunSQL(CREATE, DROP)]
