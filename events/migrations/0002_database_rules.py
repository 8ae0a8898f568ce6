"""What PostgreSQL keeps true for this app: a team lists only its organiser's events: the database refuses any other, whichever way it is written."""

from django.db import migrations

SQL = """
CREATE FUNCTION events_team_event_of_organiser() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM events_team t JOIN events_event e ON e.organiser_id = t.organiser_id
        WHERE t.id = NEW.team_id AND e.id = NEW.event_id
    ) THEN
        RAISE EXCEPTION 'event % is not an event of the organiser of team %', NEW.event_id, NEW.team_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER events_team_event_of_organiser BEFORE INSERT OR UPDATE ON events_team_events
    FOR EACH ROW EXECUTE FUNCTION events_team_event_of_organiser();

CREATE FUNCTION events_event_keeps_its_teams() RETURNS trigger AS $$
BEGIN
    IF NEW.organiser_id IS DISTINCT FROM OLD.organiser_id AND EXISTS (
        SELECT 1 FROM events_team_events te JOIN events_team t ON t.id = te.team_id
        WHERE te.event_id = NEW.id AND t.organiser_id IS DISTINCT FROM NEW.organiser_id
    ) THEN
        RAISE EXCEPTION 'event % is listed by teams of its organiser; take it off them first', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER events_event_keeps_its_teams BEFORE UPDATE OF organiser_id ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_event_keeps_its_teams();

CREATE FUNCTION events_team_keeps_its_events() RETURNS trigger AS $$
BEGIN
    IF NEW.organiser_id <> OLD.organiser_id AND EXISTS (
        SELECT 1 FROM events_team_events WHERE team_id = NEW.id
    ) THEN
        RAISE EXCEPTION 'team % lists events of its organiser; take them off first', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER events_team_keeps_its_events BEFORE UPDATE OF organiser_id ON events_team
    FOR EACH ROW EXECUTE FUNCTION events_team_keeps_its_events();
"""

REVERSE = """
DROP TRIGGER events_team_keeps_its_events ON events_team;
DROP FUNCTION events_team_keeps_its_events();
DROP TRIGGER events_event_keeps_its_teams ON events_event;
DROP FUNCTION events_event_keeps_its_teams();
DROP TRIGGER events_team_event_of_organiser ON events_team_events;
DROP FUNCTION events_team_event_of_organiser();
"""


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
