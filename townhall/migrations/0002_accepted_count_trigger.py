"""Keeps Townhall.accepted_count: the townhall's accepted guests, inside PostgreSQL (common_keep_count)."""

from django.db import migrations

CREATE = """
CREATE TRIGGER townhall_guest_keeps_accepted_count
AFTER INSERT OR UPDATE OR DELETE ON townhall_guest
FOR EACH ROW EXECUTE FUNCTION common_keep_count('townhall_townhall', 'accepted_count', 'townhall_id', 'status', 'accepted');

-- Whatever drifted before the trigger existed is counted afresh once.
UPDATE townhall_townhall c SET accepted_count = (SELECT count(*) FROM townhall_guest r WHERE r.townhall_id = c.id AND r.status = 'accepted');
"""

DROP = "DROP TRIGGER IF EXISTS townhall_guest_keeps_accepted_count ON townhall_guest;"


class Migration(migrations.Migration):
    dependencies = [("townhall", "0001_initial"), ("common", "0003_counted_rows_trigger_function")]

    operations = [migrations.RunSQL(CREATE, DROP)]
