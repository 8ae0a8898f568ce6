"""Writes of the challenge: teams, terms, submissions, final choices and results."""

from __future__ import annotations

# --- results ---
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import leaderboards
from .models import Award, Challenge, ChallengeTeam, TalentPoolConsent
from .selectors import final_phase, winning_team_of


def publish_results(*, challenge: Challenge) -> Challenge:
    """Computes the final ranking from the final phase's private scores, stores each team's
    `final_rank` and sets `results_published_at`: from then on the ranking is public.

    Under the challenge's row lock; publishing again changes nothing (the first ranking stands).
    Refused while the final phase is still open.
    """
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().select_related("event").get(pk=challenge.pk)
        if challenge.results_published_at is not None:
            return challenge
        phase = final_phase(challenge)
        if phase is None:
            raise ValidationError(_("The challenge has no phase to rank."))
        if phase.closes_at > timezone.now():
            raise ValidationError(_("The final phase is still open: results can be published once it closes."))
        ranking = leaderboards.compute_final_ranking(phase)
        ChallengeTeam.objects.filter(challenge=challenge).update(final_rank=None)
        ChallengeTeam.objects.bulk_update(
            [ChallengeTeam(pk=standing.team_id, final_rank=standing.rank) for standing in ranking],
            ["final_rank"],
            batch_size=500,
        )
        challenge.results_published_at = timezone.now()
        challenge.save(update_fields=["results_published_at"])
        leaderboards.retire_results(challenge.event_id)
    return challenge


def record_award(
    *,
    challenge: Challenge,
    final_rank: int,
    name_ko: str,
    name_en: str,
    prize_krw: int | None = None,
    benefits_ko: str = "",
    benefits_en: str = "",
    order: int | None = None,
) -> Award:
    """Gives the award (by its Korean name, once per challenge) to the team of that final rank.

    Only after the results are published (the ranks exist then). Recording the same award again
    moves it to the team of the given rank and updates its prize and benefits.
    """
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.results_published_at is None:
            raise ValidationError(_("Publish the results first: awards go to final ranks."))
        team = ChallengeTeam.objects.filter(challenge=challenge, final_rank=final_rank).first()
        if team is None:
            raise ValidationError(_("No team has the final rank %(rank)s.") % {"rank": final_rank})
        award = Award.objects.filter(challenge=challenge, name_ko=name_ko).first() or Award(
            challenge=challenge, name_ko=name_ko
        )
        award.team = team
        award.name_en = name_en
        award.prize_krw = prize_krw
        award.benefits_ko = benefits_ko
        award.benefits_en = benefits_en
        award.order = final_rank if order is None else order
        award.full_clean()
        award.save()
        leaderboards.retire_results(challenge.event_id)
    return award


def record_talent_pool_consent(*, challenge: Challenge, user, granted: bool) -> TalentPoolConsent:
    """Records a grant or a withdrawal of the person's consent to the data provider's talent pool.

    A new row each time (never edited; the latest is in force); the same answer to the same text
    again returns the row in force. Only a winner may grant; anyone with a grant may withdraw.
    """
    with transaction.atomic():
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        latest = (
            TalentPoolConsent.objects.filter(challenge=challenge, user=user).order_by("-recorded_at", "-id").first()
        )
        if latest is not None and latest.granted == granted and latest.text_version == challenge.talent_pool_version:
            return latest
        if granted and winning_team_of(challenge, user) is None:
            raise ValidationError(_("Only members of an awarded team may join the talent pool."))
        if not granted and (latest is None or not latest.granted):
            raise ValidationError(_("You have not joined the talent pool."))
        return TalentPoolConsent.objects.create(
            challenge=challenge,
            user=user,
            granted=granted,
            text_version=challenge.talent_pool_version,
            company_name=challenge.data_provider.name,
        )
