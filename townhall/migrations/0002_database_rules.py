"""What PostgreSQL keeps true for this app, whatever code writes the rows:

- Keeps Townhall.accepted_count: the townhall's accepted guests, inside PostgreSQL (common_keep_count).
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER townhall_guest_keeps_accepted_count
AFTER INSERT OR UPDATE OR DELETE ON townhall_guest
FOR EACH ROW EXECUTE FUNCTION common_keep_count('townhall_townhall', 'accepted_count', 'townhall_id', 'status', 'accepted');

"""

DROP = """
DROP TRIGGER IF EXISTS townhall_guest_keeps_accepted_count ON townhall_guest;
"""


class Migration(migrations.Migration):
    dependencies = [("townhall", "0001_initial"), ("common", "0001_database_functions")]

    operations = [migrations.RunSQL(CREATE, DROP)]
