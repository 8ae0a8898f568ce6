"""Keeps ProgrammeSession.reserved_count: the session's confirmed SeatReservation rows, inside PostgreSQL (common_keep_count)."""

from django.db import migrations

CREATE = """
CREATE TRIGGER programme_seatreservation_keeps_reserved_count
AFTER INSERT OR UPDATE OR DELETE ON programme_seatreservation
FOR EACH ROW EXECUTE FUNCTION common_keep_count('programme_programmesession', 'reserved_count', 'session_id', 'status', 'confirmed');

-- Whatever drifted before the trigger existed is counted afresh once.
UPDATE programme_programmesession c SET reserved_count = (SELECT count(*) FROM programme_seatreservation r WHERE r.session_id = c.id AND r.status = 'confirmed');
"""

DROP = "DROP TRIGGER IF EXISTS programme_seatreservation_keeps_reserved_count ON programme_seatreservation;"


class Migration(migrations.Migration):
    dependencies = [("programme", "0002_speaker_time_trigger"), ("common", "0003_counted_rows_trigger_function")]

    operations = [migrations.RunSQL(CREATE, DROP)]
