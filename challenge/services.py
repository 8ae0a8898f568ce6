"""Writes of the challenge: teams, terms, submissions, final choices and results."""

from __future__ import annotations
