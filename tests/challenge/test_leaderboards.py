"""The live public leaderboard, the final private ranking and its publication, awards."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from challenge import leaderboards
from challenge.enums import Metric
from challenge.models import Award, ChallengeTeam
from challenge.services import publish_results, record_award
from events.enums import Area
from sessions.enums import SessionKind
from tests.challenge.results_world import make_challenge, make_team, scored
from tests.factories.events import TeamFactory, team_member
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventFactory

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[tuple[str, str]]:
    """(rank, team) of each row of the page's board."""
    return re.findall(r'board-table__rank">(\d+)</td>\s*<td><span class="board-table__team">([^<*]+?)[ <]', html)


def test_public_board_best_score_per_team_ties_to_the_earlier_submission():
    challenge = make_challenge()
    phase = challenge.phases.get()
    early, late, low = (make_team(challenge, name=name) for name in ("Early", "Late", "Low"))
    start = phase.opens_at
    scored(late, phase, public=0.80, private=0.1, at=start + datetime.timedelta(hours=1))
    scored(late, phase, public=0.90, private=0.1, at=start + datetime.timedelta(hours=5))
    scored(early, phase, public=0.90, private=0.1, at=start + datetime.timedelta(hours=3))
    scored(low, phase, public=0.70, private=0.1, at=start + datetime.timedelta(hours=2))

    board = leaderboards.compute_public_board(phase)

    assert [(s.rank, s.team_name, s.score, s.submissions) for s in board] == [
        (1, "Early", 0.90, 1),
        (2, "Late", 0.90, 2),
        (3, "Low", 0.70, 1),
    ]
    assert board[1].best_at == start + datetime.timedelta(hours=5)
    assert board[0].school == early.graduate_school.name


def test_public_board_of_an_error_metric_ranks_the_lowest_first():
    challenge = make_challenge(metric=Metric.RMSE)
    phase = challenge.phases.get()
    small, large = make_team(challenge, name="Small"), make_team(challenge, name="Large")
    scored(small, phase, public=1.5, private=0.1)
    scored(small, phase, public=0.5, private=0.1)
    scored(large, phase, public=2.5, private=0.1)

    board = leaderboards.compute_public_board(phase)

    assert [(s.team_name, s.score) for s in board] == [("Small", 0.5), ("Large", 2.5)]


def test_leaderboard_page_is_public_once_the_challenge_is_published_and_in_both_languages():
    challenge = make_challenge()
    phase = challenge.phases.get()
    scored(make_team(challenge, name="CVML"), phase, public=0.91, private=0.2)
    url = f"/{challenge.event.slug}/challenge/leaderboard/"

    korean = Client(headers={"accept-language": "ko"}).get(url)
    english = Client(headers={"accept-language": "en"}).get(url)

    assert korean.status_code == 200
    assert _rows(korean.content.decode()) == [("1", "CVML")]
    assert "리더보드" in korean.content.decode()
    assert "Leaderboard" in english.content.decode()
    assert "0.91000" in english.content.decode()


def test_leaderboard_of_an_unpublished_challenge_is_only_for_its_team():
    organisers = TeamFactory(areas=[Area.CHALLENGE])
    challenge = make_challenge(event=EventFactory(organiser=organisers.organiser), published=False)
    organisers.events.add(challenge.event)
    url = f"/{challenge.event.slug}/challenge/leaderboard/"
    staff = Client()
    staff.force_login(team_member(team=organisers))

    assert Client().get(url).status_code == 404
    assert staff.get(url).status_code == 200


def test_leaderboard_copy_is_shared_until_a_new_score_retires_it():
    challenge = make_challenge()
    phase = challenge.phases.get()
    first, second = make_team(challenge, name="First"), make_team(challenge, name="Second")
    scored(first, phase, public=0.6, private=0.1)
    url = f"/{challenge.event.slug}/challenge/leaderboard/"
    assert _rows(Client().get(url).content.decode()) == [("1", "First")]

    scored(second, phase, public=0.9, private=0.1, announce=False)  # a row the signal did not tell about
    kept = Client().get(url).content.decode()
    scored(second, phase, public=0.95, private=0.1)  # the scorer's signal
    fresh = Client().get(url).content.decode()

    assert _rows(kept) == [("1", "First")]
    assert _rows(fresh) == [("1", "Second"), ("2", "First")]


def test_final_ranking_uses_chosen_submissions_and_best_public_ones_of_teams_that_chose_none():
    challenge = make_challenge()
    phase = challenge.phases.get()
    chooser, lazy, overfit = (make_team(challenge, name=name) for name in ("Chooser", "Lazy", "Overfit"))
    scored(chooser, phase, public=0.70, private=0.88, final=True)
    scored(chooser, phase, public=0.95, private=0.99)  # not chosen: does not count
    scored(lazy, phase, public=0.80, private=0.85)  # best public: counts
    scored(lazy, phase, public=0.75, private=0.80)  # second best public: counts
    scored(lazy, phase, public=0.60, private=0.97)  # third: does not (two choices)
    scored(overfit, phase, public=0.99, private=0.50, final=True)

    ranking = leaderboards.compute_final_ranking(phase)

    assert [(s.rank, s.team_name, s.score, s.chose_final) for s in ranking] == [
        (1, "Chooser", 0.88, True),
        (2, "Lazy", 0.85, False),
        (3, "Overfit", 0.50, True),
    ]


def test_final_ranking_is_hidden_until_published_then_shown_with_ranks_stored_once():
    challenge = make_challenge()
    phase = challenge.phases.get()
    winner, runner_up = make_team(challenge, name="Winner"), make_team(challenge, name="Runner-up")
    scored(winner, phase, public=0.70, private=0.912341, final=True)
    scored(runner_up, phase, public=0.90, private=0.812341, final=True)
    url = f"/{challenge.event.slug}/challenge/leaderboard/"

    before = Client().get(url).content.decode()
    publish_results(challenge=challenge)
    after = Client().get(url).content.decode()
    publish_results(challenge=challenge)  # again: nothing changes

    assert "0.91234" not in before
    assert _rows(before) == [("1", "Runner-up"), ("2", "Winner")]
    assert _rows(after) == [("1", "Winner"), ("2", "Runner-up")]
    assert "0.91234" in after
    assert dict(ChallengeTeam.objects.filter(challenge=challenge).values_list("name", "final_rank")) == {
        "Winner": 1,
        "Runner-up": 2,
    }


def test_publishing_is_refused_while_the_final_phase_is_open():
    challenge = make_challenge()
    phase = challenge.phases.get()
    phase.closes_at = timezone.now() + datetime.timedelta(days=1)
    phase.save()

    with pytest.raises(ValidationError):
        publish_results(challenge=challenge)
    challenge.refresh_from_db()
    assert challenge.results_published_at is None


def test_awards_go_to_final_ranks_and_appear_on_the_results_page():
    challenge = make_challenge()
    phase = challenge.phases.get()
    cvml = make_team(challenge, name="CVML")
    scored(cvml, phase, public=0.9, private=0.9, final=True)
    with pytest.raises(ValidationError):
        record_award(challenge=challenge, final_rank=1, name_ko="장관상", name_en="Minister's award")
    publish_results(challenge=challenge)

    award = record_award(
        challenge=challenge, final_rank=1, name_ko="장관상", name_en="Minister's award", prize_krw=5_000_000
    )
    again = record_award(challenge=challenge, final_rank=1, name_ko="장관상", name_en="Minister's award")
    page = Client(headers={"accept-language": "en"}).get(f"/{challenge.event.slug}/challenge/leaderboard/")

    assert again.pk == award.pk
    assert award.team == cvml
    html = page.content.decode()
    assert "Minister&#x27;s award" in html
    assert 'class="award-list__team">CVML</span>' in html


def test_an_award_saved_by_any_path_retires_the_kept_results_and_ceremony_pages():
    challenge = make_challenge()
    phase = challenge.phases.get()
    first, second = make_team(challenge, name="First"), make_team(challenge, name="Second")
    scored(first, phase, public=0.9, private=0.9, final=True)
    scored(second, phase, public=0.8, private=0.8, final=True)
    ceremony = ProgrammeSessionFactory(event=challenge.event, kind=SessionKind.AWARD_CEREMONY)
    publish_results(challenge=challenge)
    record_award(challenge=challenge, final_rank=1, name_ko="대상", name_en="Grand prize")
    pages = [
        f"/{challenge.event.slug}/challenge/leaderboard/",
        f"/{challenge.event.slug}/programme/sessions/{ceremony.pk}/",
    ]
    before = [Client().get(url).content.decode() for url in pages]

    Award.objects.create(challenge=challenge, team=second, name_ko="우수상", name_en="Excellence award", order=2)
    after = [Client().get(url).content.decode() for url in pages]

    assert ["우수상" in page for page in before] == [False, False]
    assert ["우수상" in page for page in after] == [True, True]


def test_while_one_request_computes_the_new_board_the_others_get_the_copy_before_the_score():
    challenge = make_challenge()
    phase = challenge.phases.get()
    first, second = make_team(challenge, name="First"), make_team(challenge, name="Second")
    scored(first, phase, public=0.6, private=0.1)
    url = f"/{challenge.event.slug}/challenge/leaderboard/"
    Client().get(url)
    scored(second, phase, public=0.9, private=0.1)
    version = leaderboards.phase_version(phase.pk)
    computing = f"challenge-board-html:{phase.pk}:{version}:ko:computing"

    cache.add(computing, 1, 10)  # another request is computing the new copy
    meanwhile = Client().get(url).content.decode()
    cache.delete(computing)
    afterwards = Client().get(url).content.decode()

    assert _rows(meanwhile) == [("1", "First")]
    assert _rows(afterwards) == [("1", "Second"), ("2", "First")]
