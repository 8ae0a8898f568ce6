"""What the database itself enforces for every app: the extension behind the exclusion constraints and
one trigger function that keeps a denormalised count equal to the rows it counts.

One trigger function that keeps a denormalised count equal to the rows it counts.

Attached (by each app's own migration) to the counted table with five arguments:
the counter's table, the counter's column, the counted row's column that points
at the counter's row, the column that says whether a row counts and the value
that makes it count (as text). Every INSERT, UPDATE and DELETE adjusts the counter
in the same statement, so cascades, admin deletes, merges and raw SQL cannot make
it drift. The counter moves by +1/-1 on the row's latest version (not a recount),
which stays right when two transactions change rows of one counter at once.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CREATE = """
CREATE FUNCTION common_keep_count() RETURNS trigger AS $$
DECLARE
    counter_table text := TG_ARGV[0];
    counter_column text := TG_ARGV[1];
    parent_column text := TG_ARGV[2];
    flag_column text := TG_ARGV[3];
    counted_value text := TG_ARGV[4];
    old_parent bigint;
    new_parent bigint;
    old_counted boolean := false;
    new_counted boolean := false;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        old_parent := (to_jsonb(OLD) ->> parent_column)::bigint;
        old_counted := (to_jsonb(OLD) ->> flag_column) IS NOT DISTINCT FROM counted_value;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        new_parent := (to_jsonb(NEW) ->> parent_column)::bigint;
        new_counted := (to_jsonb(NEW) ->> flag_column) IS NOT DISTINCT FROM counted_value;
    END IF;
    IF old_counted AND new_counted AND old_parent = new_parent THEN
        RETURN NULL;
    END IF;
    IF old_counted THEN
        EXECUTE format('UPDATE %I SET %I = %I - 1 WHERE id = $1', counter_table, counter_column, counter_column)
        USING old_parent;
    END IF;
    IF new_counted THEN
        EXECUTE format('UPDATE %I SET %I = %I + 1 WHERE id = $1', counter_table, counter_column, counter_column)
        USING new_parent;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

DROP = "DROP FUNCTION IF EXISTS common_keep_count();"


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [BtreeGistExtension(), migrations.RunSQL(CREATE, DROP)]
