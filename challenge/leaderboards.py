"""The challenge's leaderboards, computed in SQL and kept as one shared copy per version.

The live public board of a phase: each team's best public score (in the metric's direction), ties
broken by the earlier submission, with the team's school, its number of scored submissions and the
time of its best. One query with DISTINCT ON and window functions, whatever the number of teams.

The private (final) ranking: each team's best private score among the submissions it chose for the
final ranking (`is_final_choice`); a team that chose none is ranked by its best public ones, as many
as it could have chosen (Kaggle does the same, and the page says so). It is computed only by the
results' publication (services.publish_results) and shown only once `results_published_at` has
passed: before then no page reads a private score.

The copies live in Django's cache (Redis), shared by every web process. A new score in a phase
bumps that phase's version (receivers.py, on `submission_scored`); publishing results or recording
an award bumps the event's results version. A copy under an old version is never read again.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language

from events.models import Organization

from .enums import LOWER_IS_BETTER, SubmissionStatus
from .models import ChallengeTeam, Phase, Submission

PHASE_VERSION_KEY = "challenge-board-version:{phase_id}"
RESULTS_VERSION_KEY = "challenge-results-version:{event_id}"
BOARD_KEY = "challenge-board:{phase_id}:{version}"
FINAL_KEY = "challenge-final:{phase_id}:{version}"
KEPT_SECONDS = 60 * 60  # a new version retires a copy sooner


@dataclass(frozen=True)
class Standing:
    """One team's line of a leaderboard."""

    rank: int
    team_id: int
    team_name: str
    school_ko: str
    school_en: str
    score: float
    submissions: int  # the team's scored submissions in the phase
    best_at: datetime.datetime  # when the submission with the best score was made
    submission_id: int
    # The final ranking only: whether the team chose its final submissions (else its best public ones count).
    chose_final: bool = True

    @property
    def school(self) -> str:
        preferred, other = (
            (self.school_en, self.school_ko)
            if (get_language() or "ko").startswith("en")
            else (self.school_ko, self.school_en)
        )
        return preferred or other


def _direction(phase: Phase) -> str:
    # A literal from the enum, never from input: RMSE and other errors rank lowest first.
    return "ASC" if phase.metric in LOWER_IS_BETTER else "DESC"


def _tables() -> dict[str, str]:
    return {
        "submission": Submission._meta.db_table,
        "team": ChallengeTeam._meta.db_table,
        "organization": Organization._meta.db_table,
    }


def _standings(sql: str, params: list, *, final: bool = False) -> list[Standing]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Standing(
            rank=row[0],
            team_id=row[1],
            team_name=row[2],
            school_ko=row[3],
            school_en=row[4],
            score=row[5],
            submissions=row[6],
            best_at=row[7],
            submission_id=row[8],
            chose_final=row[9] if final else True,
        )
        for row in rows
    ]


def compute_public_board(phase: Phase) -> list[Standing]:
    """The live public board of the phase, straight from the database (one query)."""
    direction = _direction(phase)
    sql = f"""
        WITH best AS (
            SELECT DISTINCT ON (s.team_id)
                s.team_id, s.id, s.public_score, s.submitted_at,
                count(*) OVER (PARTITION BY s.team_id) AS scored
            FROM {_tables()["submission"]} s
            WHERE s.phase_id = %s AND s.status = %s
            ORDER BY s.team_id, s.public_score {direction}, s.submitted_at, s.id
        )
        SELECT row_number() OVER (ORDER BY b.public_score {direction}, b.submitted_at, b.id),
               t.id, t.name, o.name_ko, o.name_en, b.public_score, b.scored, b.submitted_at, b.id
        FROM best b
        JOIN {_tables()["team"]} t ON t.id = b.team_id
        JOIN {_tables()["organization"]} o ON o.id = t.graduate_school_id
        ORDER BY 1
    """  # noqa: S608 - table names from _meta, the direction from the enum; values are parameters
    return _standings(sql, [phase.pk, SubmissionStatus.SCORED.value])


def compute_final_ranking(phase: Phase) -> list[Standing]:
    """The private ranking of the phase from each team's chosen final submissions (one query).

    Reads private scores: only the results' publication calls it, and the page shows its copy only
    once the results are published.
    """
    direction = _direction(phase)
    sql = f"""
        WITH scored AS (
            SELECT s.team_id, s.id, s.public_score, s.private_score, s.submitted_at, s.is_final_choice,
                   bool_or(s.is_final_choice) OVER (PARTITION BY s.team_id) AS chose,
                   count(*) OVER (PARTITION BY s.team_id) AS scored,
                   row_number() OVER (
                       PARTITION BY s.team_id ORDER BY s.public_score {direction}, s.submitted_at, s.id
                   ) AS public_place
            FROM {_tables()["submission"]} s
            WHERE s.phase_id = %s AND s.status = %s AND s.private_score IS NOT NULL
        ),
        best AS (
            SELECT DISTINCT ON (team_id) team_id, id, private_score, submitted_at, scored, chose
            FROM scored
            WHERE (chose AND is_final_choice) OR (NOT chose AND public_place <= %s)
            ORDER BY team_id, private_score {direction}, submitted_at, id
        )
        SELECT row_number() OVER (ORDER BY b.private_score {direction}, b.submitted_at, b.id),
               t.id, t.name, o.name_ko, o.name_en, b.private_score, b.scored, b.submitted_at, b.id, b.chose
        FROM best b
        JOIN {_tables()["team"]} t ON t.id = b.team_id
        JOIN {_tables()["organization"]} o ON o.id = t.graduate_school_id
        ORDER BY 1
    """  # noqa: S608 - table names from _meta, the direction from the enum; values are parameters
    choices = phase.challenge.final_submissions_per_team
    return _standings(sql, [phase.pk, SubmissionStatus.SCORED.value, choices], final=True)


def _version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(key, version, timeout=None)
        version = cache.get(key, version)
    return version


def phase_version(phase_id: int) -> int:
    """A number that changes with every new score in the phase (cache keys use it)."""
    return _version(PHASE_VERSION_KEY.format(phase_id=phase_id))


def results_version(event_id: int) -> int:
    """A number that changes when the event's challenge publishes results or records an award."""
    return _version(RESULTS_VERSION_KEY.format(event_id=event_id))


def _bump(key: str) -> None:
    """Retires the copies under the key's version, now and again after the commit (a copy made in
    between from the data before the change would otherwise be kept under the new version)."""

    def bump() -> None:
        with contextlib.suppress(ValueError):  # no version yet: the next read creates one
            cache.incr(key)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def retire_public_board(phase_id: int) -> None:
    _bump(PHASE_VERSION_KEY.format(phase_id=phase_id))


def retire_results(event_id: int) -> None:
    _bump(RESULTS_VERSION_KEY.format(event_id=event_id))


def public_board(phase: Phase) -> list[Standing]:
    """The phase's public board from the shared copy; computed once per new score."""
    key = BOARD_KEY.format(phase_id=phase.pk, version=phase_version(phase.pk))
    board = cache.get(key)
    if board is None:
        board = compute_public_board(phase)
        cache.set(key, board, KEPT_SECONDS)
    return board


def final_ranking(phase: Phase) -> list[Standing] | None:
    """The phase's published final ranking, or None before the challenge's results are published."""
    if not phase.challenge.results_published:
        return None
    key = FINAL_KEY.format(phase_id=phase.pk, version=results_version(phase.challenge.event_id))
    ranking = cache.get(key)
    if ranking is None:
        ranking = compute_final_ranking(phase)
        cache.set(key, ranking, KEPT_SECONDS)
    return ranking
