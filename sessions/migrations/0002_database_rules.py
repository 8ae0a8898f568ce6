"""What PostgreSQL keeps true for this app, whatever code writes the rows:

- Keeps SessionSpeaker.during equal to its session's time, inside PostgreSQL.

With the copy kept by the database itself, the exclusion constraint on
(speaker, during) makes double-booking a speaker impossible whatever code
writes the rows, including a session moved after its speakers were added.

- Keeps ProgrammeSession.reserved_count: the session's confirmed SeatReservation rows, inside PostgreSQL (common_keep_count).
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION programme_speaker_during_from_session() RETURNS trigger AS $$
BEGIN
    SELECT tstzrange(s.starts_at, s.ends_at) INTO NEW.during
    FROM programme_programmesession s WHERE s.id = NEW.session_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER programme_speaker_during
BEFORE INSERT OR UPDATE OF session_id, during ON programme_sessionspeaker
FOR EACH ROW EXECUTE FUNCTION programme_speaker_during_from_session();

CREATE FUNCTION programme_session_moved() RETURNS trigger AS $$
BEGIN
    UPDATE programme_sessionspeaker SET during = tstzrange(NEW.starts_at, NEW.ends_at)
    WHERE session_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER programme_session_moved
AFTER UPDATE OF starts_at, ends_at ON programme_programmesession
FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at)
EXECUTE FUNCTION programme_session_moved();

CREATE TRIGGER programme_seatreservation_keeps_reserved_count
AFTER INSERT OR UPDATE OR DELETE ON programme_seatreservation
FOR EACH ROW EXECUTE FUNCTION common_keep_count('programme_programmesession', 'reserved_count', 'session_id', 'status', 'confirmed');

"""

DROP = """
DROP TRIGGER IF EXISTS programme_seatreservation_keeps_reserved_count ON programme_seatreservation;
DROP TRIGGER IF EXISTS programme_session_moved ON programme_programmesession;
DROP FUNCTION IF EXISTS programme_session_moved();
DROP TRIGGER IF EXISTS programme_speaker_during ON programme_sessionspeaker;
DROP FUNCTION IF EXISTS programme_speaker_during_from_session();
"""


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial"), ("common", "0001_database_functions")]

    operations = [migrations.RunSQL(CREATE, DROP)]
