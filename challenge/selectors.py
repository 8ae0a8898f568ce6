"""Reads of the challenge: a person's team, what they may download, leaderboards and results."""

from __future__ import annotations
