"""Keeps EventDay.confirmed_count: the day's confirmed RegistrationDay rows, inside PostgreSQL (common_keep_count)."""

from django.db import migrations

CREATE = """
CREATE TRIGGER registration_registrationday_keeps_confirmed_count
AFTER INSERT OR UPDATE OR DELETE ON registration_registrationday
FOR EACH ROW EXECUTE FUNCTION common_keep_count('registration_eventday', 'confirmed_count', 'day_id', 'status', 'confirmed');

-- Whatever drifted before the trigger existed is counted afresh once.
UPDATE registration_eventday c SET confirmed_count = (SELECT count(*) FROM registration_registrationday r WHERE r.day_id = c.id AND r.status = 'confirmed');
"""

DROP = "DROP TRIGGER IF EXISTS registration_registrationday_keeps_confirmed_count ON registration_registrationday;"


class Migration(migrations.Migration):
    dependencies = [("registration", "0010_townhall_segment"), ("common", "0003_counted_rows_trigger_function")]

    operations = [migrations.RunSQL(CREATE, DROP)]
