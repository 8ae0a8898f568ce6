"""What the challenge does when its own signals arrive, or its rows change by any path (the admin, a cascade)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from . import leaderboards, signals
from .models import Award, Challenge, ChallengeTeam
from .selectors import PUBLISHED_CHALLENGES_CACHE_KEY


def retire_published_challenges(**kwargs) -> None:
    """Whether a challenge is published may have changed: every page's header link is out of date."""
    cache.delete(PUBLISHED_CHALLENGES_CACHE_KEY)


def retire_board_on_score(sender, *, submission, **kwargs) -> None:
    """A new score: the phase's shared leaderboard copy is out of date."""
    leaderboards.retire_public_board(submission.phase_id)


def retire_results_on_change(sender, *, instance, **kwargs) -> None:
    """A challenge, an award or a team's final rank changed, by whatever path (the admin too): the
    results page and the award ceremony's session page are out of date."""
    if sender is Challenge:
        event_id = instance.event_id
    else:  # by id: in a cascade the challenge may already be gone
        event_id = Challenge.objects.filter(pk=instance.challenge_id).values_list("event_id", flat=True).first()
    if event_id is not None:
        leaderboards.retire_results(event_id)


def connect() -> None:
    signals.submission_scored.connect(retire_board_on_score, dispatch_uid="challenge-board-on-score")
    for model in (Challenge, Award, ChallengeTeam):
        uid = f"challenge-results-on-{model._meta.model_name}"
        post_save.connect(retire_results_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(retire_results_on_change, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(retire_published_challenges, sender=Challenge, dispatch_uid="challenge-nav-saved")
    post_delete.connect(retire_published_challenges, sender=Challenge, dispatch_uid="challenge-nav-deleted")
