"""Reads of the challenge: a person's team, what they may download, leaderboards and results."""

from __future__ import annotations

from . import scoring

# --- scoring: submissions ---


def submission_failure_message(submission) -> str:
    """Why a failed submission could not be scored, in the active language (empty unless it failed)."""
    return scoring.failure_message(submission)
