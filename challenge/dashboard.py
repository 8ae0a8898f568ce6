"""The challenge's card on the organisers' dashboard: teams, today's submissions and the scoring queue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from common.dashboard import Card, Meter

from .selectors import challenge_figures


def challenge_cards(event, today) -> list[Card]:
    figures = challenge_figures(event, today)
    if figures is None:
        return []
    challenge = figures["challenge"]
    submissions = reverse("admin:challenge_submission_changelist")
    return [
        Card(
            key="challenge",
            title=_("AI Graduate School Challenge"),
            meters=(
                Meter(key="teams", label=_("Teams"), value=figures["teams"], tone="primary"),
                Meter(key="members", label=_("Team members"), value=figures["members"], tone="neutral"),
                Meter(key="submissions_today", label=_("Submissions today"), value=figures["today"], tone="success"),
                Meter(
                    key="scoring_queue",
                    label=_("Waiting to be scored"),
                    value=figures["queued"],
                    tone="warning" if figures["queued"] else "neutral",
                ),
                Meter(
                    key="failed_today",
                    label=_("Failed to score today"),
                    value=figures["failed_today"],
                    tone="danger" if figures["failed_today"] else "neutral",
                ),
            ),
            link_url=f"{submissions}?phase__challenge__id__exact={challenge.pk}",
            link_label=_("Submissions"),
            order=60,
        )
    ]
