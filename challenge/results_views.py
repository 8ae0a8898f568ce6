"""The challenge's results pages: the live leaderboard, the final ranking with its awards, the talent pool."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import leaderboards, services
from .enums import LOWER_IS_BETTER
from .models import Challenge, Phase
from .selectors import (
    access_challenge_by_slug,
    board_phases,
    final_phase,
    talent_pool_consent_in_force,
    winners,
    winning_team_of,
)

FINAL_TAB = "final"


def _board_rows(standings, zone) -> str:
    """The board's rows as HTML, built here rather than in a template: 165 rows of a template loop
    with filters cost more than the board's query (bench/challenge_leaderboard.py)."""
    row = (
        '<tr id="team-{}"><td class="board-table__rank">{}</td>'
        '<td><span class="board-table__team">{}</span><span class="board-table__school">{}</span></td>'
        '<td class="board-table__number">{}</td><td class="board-table__number board-table__wide">{}</td>'
        '<td class="board-table__wide"><time datetime="{}">{}</time></td></tr>'
    )
    rows = []
    for standing in standings:
        best_at = standing.best_at.astimezone(zone)
        rows.append(
            format_html(
                row,
                standing.team_id,
                standing.rank,
                standing.team_name,
                standing.school,
                f"{standing.score:.5f}",
                standing.submissions,
                best_at.isoformat(),
                date_format(best_at, "SHORT_DATETIME_FORMAT"),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row is built by format_html, which escapes


COMPUTING_SECONDS = 10  # how long the others wait for one request's new copy at most


def _board_fragment(phase: Phase) -> str:
    """The phase's public board as HTML, one shared copy per score version and language.

    Just after a new score, one request computes the new copy; those that arrive meanwhile get
    the copy before the score (one score behind for a moment) rather than each computing it too.
    """
    language = translation.get_language() or "ko"
    version = leaderboards.phase_version(phase.pk)
    key = f"challenge-board-html:{phase.pk}:{version}:{language}"
    latest_key = f"challenge-board-html:{phase.pk}:latest:{language}"
    found = cache.get_many([key, latest_key])
    if key in found:
        return found[key]
    if latest_key in found and not cache.add(f"{key}:computing", 1, COMPUTING_SECONDS):
        return found[latest_key]
    standings = leaderboards.public_board(phase)
    html = render_to_string(
        "challenge/_public_board.html",
        {
            "phase": phase,
            "event": phase.challenge.event,
            "rows": _board_rows(standings, phase.challenge.event.zone),
            "standings": standings,
            "lower_is_better": phase.metric in LOWER_IS_BETTER,
        },
    )
    cache.set_many({key: html, latest_key: html}, leaderboards.KEPT_SECONDS)
    return html


def _final_fragment(challenge: Challenge, phase: Phase) -> str:
    """The final ranking and its awards as HTML, one shared copy per results version and language.

    Only called once the results are published (leaderboards.final_ranking returns None before).
    """
    language = translation.get_language() or "ko"
    version = leaderboards.results_version(challenge.event_id)
    key = f"challenge-final-html:{phase.pk}:{version}:{language}"
    html = cache.get(key)
    if html is None:
        ranking = leaderboards.final_ranking(phase) or []
        html = render_to_string(
            "challenge/_final_ranking.html",
            {
                "phase": phase,
                "event": challenge.event,
                "challenge": challenge,
                "ranking": ranking,
                "winners": winners(challenge),
                "some_chose_none": any(not standing.chose_final for standing in ranking),
                "lower_is_better": phase.metric in LOWER_IS_BETTER,
            },
        )
        cache.set(key, html, leaderboards.KEPT_SECONDS)
    return html


@require_safe
def leaderboard(request, event_slug: str):
    """The public leaderboard, a tab per phase; once the results are published, the final ranking first."""
    challenge = access_challenge_by_slug(request.user, event_slug)
    every_phase = list(challenge.phases.all())
    phases = board_phases(challenge, request.user, phases=every_phase)
    final = final_phase(challenge, phases=every_phase) if challenge.results_published else None
    tabs = ([(FINAL_TAB, _("Final ranking"))] if final else []) + [(str(phase.pk), phase.name) for phase in phases]
    now = timezone.now()
    if final is not None:
        default = FINAL_TAB
    else:
        current = next((phase for phase in phases if phase.is_open(now)), phases[-1] if phases else None)
        default = str(current.pk) if current else ""
    requested = request.GET.get("phase", "")
    tab = requested if requested in dict(tabs) else default
    phase = next((phase for phase in phases if str(phase.pk) == tab), None)
    if tab == FINAL_TAB:
        board = _final_fragment(challenge, final)
    elif phase is not None:
        board = _board_fragment(phase)
    else:
        board = ""
    return render(
        request,
        "challenge/leaderboard.html",
        {
            "event": challenge.event,
            "challenge": challenge,
            "tabs": tabs,
            "tab": tab,
            "phase": phase,
            "board": board,
            "is_winner": final is not None and winning_team_of(challenge, request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def talent_pool(request, event_slug: str):
    """A winner's separate, explicit consent to the data provider's talent pool: given and withdrawn here."""
    challenge = access_challenge_by_slug(request.user, event_slug)
    membership = winning_team_of(challenge, request.user)
    consent = talent_pool_consent_in_force(challenge, request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "grant" and request.POST.get("agree") != "yes":
            messages.error(request, _("Tick the box to agree, or leave the page: joining is up to you."))
        elif action in ("grant", "withdraw"):
            try:
                services.record_talent_pool_consent(challenge=challenge, user=request.user, granted=action == "grant")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if action == "grant":
                    messages.success(request, _("You joined the talent pool. You can withdraw here at any time."))
                else:
                    messages.success(request, _("You withdrew from the talent pool: the company no longer sees you."))
        else:
            messages.error(request, _("Choose whether to join the talent pool or to withdraw."))
        return redirect("challenge:talent-pool", event_slug=challenge.event.slug)
    in_force = consent is not None and consent.granted and consent.text_version == challenge.talent_pool_version
    return render(
        request,
        "challenge/talent_pool.html",
        {
            "event": challenge.event,
            "challenge": challenge,
            "membership": membership,
            "consent": consent,
            "in_force": in_force,
            "text_changed": consent is not None and consent.granted and not in_force,
        },
    )
