"""What PostgreSQL keeps true for this app, whatever code writes the rows:

- Keeps ConsultationSlot.booked_count: the slot's bookings that are not cancelled, inside PostgreSQL (common_keep_count).

- Keeps each booking's time equal to its slot's, inside PostgreSQL.

A slot whose time an organiser edits takes its bookings with it, so the
reminders (planned from the booking's time) go at the new time, and the
exclusion constraint on a person's bookings refuses a move that would give
them two consultations at once, whatever code edits the slot.
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER booths_consultationbooking_keeps_booked_count
AFTER INSERT OR UPDATE OR DELETE ON booths_consultationbooking
FOR EACH ROW EXECUTE FUNCTION common_keep_count('booths_consultationslot', 'booked_count', 'slot_id', 'is_cancelled', 'false');


CREATE FUNCTION booths_booking_time_from_slot() RETURNS trigger AS $$
BEGIN
    SELECT s.starts_at, s.ends_at INTO NEW.starts_at, NEW.ends_at
    FROM booths_consultationslot s WHERE s.id = NEW.slot_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER booths_booking_time
BEFORE INSERT OR UPDATE OF slot_id, starts_at, ends_at ON booths_consultationbooking
FOR EACH ROW EXECUTE FUNCTION booths_booking_time_from_slot();

CREATE FUNCTION booths_slot_moved() RETURNS trigger AS $$
BEGIN
    UPDATE booths_consultationbooking SET starts_at = NEW.starts_at, ends_at = NEW.ends_at
    WHERE slot_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER booths_slot_moved
AFTER UPDATE OF starts_at, ends_at ON booths_consultationslot
FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at)
EXECUTE FUNCTION booths_slot_moved();

"""

DROP = """
DROP TRIGGER IF EXISTS booths_slot_moved ON booths_consultationslot;
DROP FUNCTION IF EXISTS booths_slot_moved();
DROP TRIGGER IF EXISTS booths_booking_time ON booths_consultationbooking;
DROP FUNCTION IF EXISTS booths_booking_time_from_slot();
DROP TRIGGER IF EXISTS booths_consultationbooking_keeps_booked_count ON booths_consultationbooking;
"""


class Migration(migrations.Migration):
    dependencies = [("booths", "0001_initial"), ("common", "0001_database_functions")]

    operations = [migrations.RunSQL(CREATE, DROP)]
