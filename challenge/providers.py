"""What the challenge adds to other apps' pages through common's registries.

- The award ceremony's session page lists the winners (common.session_extras): on the session the
  organisers chose (`Challenge.award_session_id`), or, when none is chosen, on every session of
  kind award ceremony; only once the results are published.
- The data provider's booth staff see the talent pool (common.booth_panels): only staff of a booth
  whose companies include the challenge's data provider, and only the winners whose consent to
  the current text is in force.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from common.booth_panels import BoothPanel, BoothRef, register_booth_panels
from common.session_extras import AWARD_CEREMONY, ExtraItem, SessionExtra, SessionRef, register_session_extras

from . import leaderboards
from .models import Challenge
from .selectors import talent_pool, winners


def winners_at_ceremony(session: SessionRef) -> list[SessionExtra]:
    challenge = Challenge.objects.filter(event_id=session.event_id).first()
    if challenge is None or not challenge.results_published:
        return []
    if challenge.award_session_id is not None:
        if session.session_id != challenge.award_session_id:
            return []
    elif session.kind != AWARD_CEREMONY:
        return []
    items = tuple(
        ExtraItem(heading=winner.award, name=winner.team_name, detail=winner.school) for winner in winners(challenge)
    )
    if not items:
        return []
    return [
        SessionExtra(
            key="challenge-winners", title=_("Winners of %(challenge)s") % {"challenge": challenge.title}, items=items
        )
    ]


def talent_pool_panel(booth: BoothRef, viewer) -> list[BoothPanel]:
    challenge = (
        Challenge.objects.filter(event_id=booth.event_id, data_provider_id__in=booth.company_ids)
        .select_related("data_provider")
        .first()
    )
    if challenge is None or not challenge.results_published:
        return []
    pool = talent_pool(challenge)
    return [
        BoothPanel(
            key="talent-pool",
            title=_("Talent pool"),
            intro=_(
                "Winners of %(challenge)s who agreed that %(company)s sees their details for its talent pool. "
                "Someone who withdraws disappears from this list."
            )
            % {"challenge": challenge.title, "company": challenge.data_provider.name},
            columns=(_("Name"), _("Email"), _("Team"), _("AI graduate school"), _("Award"), _("Agreed on")),
            rows=tuple(
                (
                    member.name,
                    member.email,
                    member.team_name,
                    member.school,
                    member.awards,
                    formats.date_format(member.consented_at, "SHORT_DATE_FORMAT"),
                )
                for member in pool
            ),
            empty=_("No winner has joined the talent pool."),
            order=50,
        )
    ]


def register() -> None:
    register_session_extras(winners_at_ceremony, version=leaderboards.results_version)
    register_booth_panels(talent_pool_panel)
