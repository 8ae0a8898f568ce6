"""The announcement segment the challenge answers: the members of its teams (see common.segments)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.segments import register_segment

from .selectors import challenge_participants


def challenge_team_members(event, day=None) -> list:
    return challenge_participants(event)


def register() -> None:
    register_segment("challenge_participants", _("Challenge participants (every team member)"), challenge_team_members)
