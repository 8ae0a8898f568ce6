"""What the challenge does when its own signals arrive."""

from __future__ import annotations

from . import leaderboards


def retire_board_on_score(sender, *, submission, **kwargs) -> None:
    """A new score: the phase's shared leaderboard copy is out of date."""
    leaderboards.retire_public_board(submission.phase_id)
