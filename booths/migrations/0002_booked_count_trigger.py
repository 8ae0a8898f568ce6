"""Keeps ConsultationSlot.booked_count: the slot's bookings that are not cancelled, inside PostgreSQL (common_keep_count)."""

from django.db import migrations

CREATE = """
CREATE TRIGGER booths_consultationbooking_keeps_booked_count
AFTER INSERT OR UPDATE OR DELETE ON booths_consultationbooking
FOR EACH ROW EXECUTE FUNCTION common_keep_count('booths_consultationslot', 'booked_count', 'slot_id', 'is_cancelled', 'false');

-- Whatever drifted before the trigger existed is counted afresh once.
UPDATE booths_consultationslot c SET booked_count = (SELECT count(*) FROM booths_consultationbooking r WHERE r.slot_id = c.id AND NOT r.is_cancelled);
"""

DROP = "DROP TRIGGER IF EXISTS booths_consultationbooking_keeps_booked_count ON booths_consultationbooking;"


class Migration(migrations.Migration):
    dependencies = [("booths", "0001_initial"), ("common", "0003_counted_rows_trigger_function")]

    operations = [migrations.RunSQL(CREATE, DROP)]
