"""What PostgreSQL keeps true for this app, whatever code writes the rows:

- A member's challenge is their team's, so "one team per person per challenge" is a plain unique constraint.
- A team holds at most the challenge's largest team size.
- A submission's phase and an award's team belong to the same challenge as its team.
- A team's counted submissions (queued, scoring, scored) stay within the phase's limits per day (in
  the event's time zone, as the service stamps `submitted_on`) and in total; the team's row is locked
  first, so two members submitting the last allowed file at once get one accepted.
- A team chooses at most the challenge's number of final submissions per phase, under the same lock.

Violations are raised as check violations named after the rule, so the services turn them into the
user's words.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION challenge_member_rules() RETURNS trigger AS $$
DECLARE
    largest integer;
    members integer;
BEGIN
    SELECT t.challenge_id, c.max_team_size INTO NEW.challenge_id, largest
    FROM challenge_challengeteam t JOIN challenge_challenge c ON c.id = t.challenge_id
    WHERE t.id = NEW.team_id
    FOR UPDATE OF t;
    IF TG_OP = 'INSERT' OR NEW.team_id <> OLD.team_id THEN
        SELECT count(*) INTO members FROM challenge_teammember WHERE team_id = NEW.team_id;
        IF members >= largest THEN
            RAISE EXCEPTION 'team % is full (% members)', NEW.team_id, largest
                USING ERRCODE = 'check_violation', CONSTRAINT = 'challenge_team_size_limit';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER challenge_teammember_rules
BEFORE INSERT OR UPDATE ON challenge_teammember
FOR EACH ROW EXECUTE FUNCTION challenge_member_rules();

CREATE FUNCTION challenge_submission_rules() RETURNS trigger AS $$
DECLARE
    team_challenge bigint;
    phase_challenge bigint;
    per_day integer;
    in_total integer;
    final_choices integer;
    counted integer;
BEGIN
    SELECT t.challenge_id, c.final_submissions_per_team INTO team_challenge, final_choices
    FROM challenge_challengeteam t JOIN challenge_challenge c ON c.id = t.challenge_id
    WHERE t.id = NEW.team_id
    FOR UPDATE OF t;
    SELECT challenge_id, daily_submission_limit, total_submission_limit INTO phase_challenge, per_day, in_total
    FROM challenge_phase WHERE id = NEW.phase_id;
    IF team_challenge IS DISTINCT FROM phase_challenge THEN
        RAISE EXCEPTION 'submission % of team % is for a phase of another challenge', NEW.id, NEW.team_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'challenge_submission_same_challenge';
    END IF;
    IF NEW.status IN ('queued', 'scoring', 'scored')
       AND (TG_OP = 'INSERT' OR OLD.status NOT IN ('queued', 'scoring', 'scored')) THEN
        SELECT count(*) INTO counted FROM challenge_submission
        WHERE team_id = NEW.team_id AND phase_id = NEW.phase_id AND id IS DISTINCT FROM NEW.id
          AND status IN ('queued', 'scoring', 'scored') AND submitted_on = NEW.submitted_on;
        IF counted >= per_day THEN
            RAISE EXCEPTION 'team % has used its % submissions of %', NEW.team_id, per_day, NEW.submitted_on
                USING ERRCODE = 'check_violation', CONSTRAINT = 'challenge_daily_submission_limit';
        END IF;
        SELECT count(*) INTO counted FROM challenge_submission
        WHERE team_id = NEW.team_id AND phase_id = NEW.phase_id AND id IS DISTINCT FROM NEW.id
          AND status IN ('queued', 'scoring', 'scored');
        IF counted >= in_total THEN
            RAISE EXCEPTION 'team % has used its % submissions of the phase', NEW.team_id, in_total
                USING ERRCODE = 'check_violation', CONSTRAINT = 'challenge_total_submission_limit';
        END IF;
    END IF;
    IF NEW.is_final_choice AND (TG_OP = 'INSERT' OR NOT OLD.is_final_choice) THEN
        SELECT count(*) INTO counted FROM challenge_submission
        WHERE team_id = NEW.team_id AND phase_id = NEW.phase_id AND id IS DISTINCT FROM NEW.id
          AND is_final_choice;
        IF counted >= final_choices THEN
            RAISE EXCEPTION 'team % has chosen its % final submissions', NEW.team_id, final_choices
                USING ERRCODE = 'check_violation', CONSTRAINT = 'challenge_final_choice_limit';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER challenge_submission_rules
BEFORE INSERT OR UPDATE OF team_id, phase_id, status, is_final_choice, submitted_on ON challenge_submission
FOR EACH ROW EXECUTE FUNCTION challenge_submission_rules();

CREATE FUNCTION challenge_award_rules() RETURNS trigger AS $$
BEGIN
    IF NEW.team_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM challenge_challengeteam WHERE id = NEW.team_id AND challenge_id = NEW.challenge_id
    ) THEN
        RAISE EXCEPTION 'award % goes to a team of another challenge', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'challenge_award_same_challenge';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER challenge_award_rules
BEFORE INSERT OR UPDATE ON challenge_award
FOR EACH ROW EXECUTE FUNCTION challenge_award_rules();
"""

DROP = """
DROP TRIGGER IF EXISTS challenge_award_rules ON challenge_award;
DROP FUNCTION IF EXISTS challenge_award_rules();
DROP TRIGGER IF EXISTS challenge_submission_rules ON challenge_submission;
DROP FUNCTION IF EXISTS challenge_submission_rules();
DROP TRIGGER IF EXISTS challenge_teammember_rules ON challenge_teammember;
DROP FUNCTION IF EXISTS challenge_member_rules();
"""


class Migration(migrations.Migration):
    dependencies = [("challenge", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
