"""The challenge's demo: the 2022 challenge as the press reports it, with generated data a scorer can use."""

import csv
import hashlib
import io

import pytest
from django.core.management import call_command

from accounts.models import User
from challenge.models import Challenge, ChallengeTeam, Submission, TeamMember
from people.selectors import get_attendee_profile

pytestmark = pytest.mark.django_db


def test_the_demo_challenge_as_reported_with_generated_data_a_scorer_can_use():
    # One load for everything: loading the whole demo takes a while.
    call_command("load_demo")

    challenge = Challenge.objects.get(event__slug="aigs-demo")
    teams = ChallengeTeam.objects.filter(challenge=challenge)
    winner = teams.get(final_rank=1)
    minister = challenge.awards.order_by("order").first()
    assert teams.count() == 165
    assert teams.values("graduate_school").distinct().count() == 14
    assert (winner.name, winner.graduate_school.name_en) == ("CVML", "Chung-Ang University")
    assert (minister.name_en, minister.team, minister.prize_krw) == (
        "Minister of Science and ICT Award",
        winner,
        10_000_000,
    )
    assert challenge.data_provider.name_en == "LG AI Research"
    assert challenge.results_published
    # A newcomer can try submitting: one round is open now, and it ranks nobody.
    assert [(phase.is_open(), phase.is_final) for phase in challenge.phases.filter(name_en__startswith="Practice")] == [
        (True, False)
    ]
    assert "not real" in challenge.description_en and "실제 데이터가 아닙니다" in challenge.description_ko
    scored = Submission.objects.filter(team__challenge=challenge, status="scored")
    months = {at.month for at in scored.values_list("submitted_at", flat=True)}
    assert scored.count() > 1000 and months == {7, 8}
    assert (
        not scored.filter(public_score__isnull=True).exists() and not scored.filter(private_score__isnull=True).exists()
    )
    # Ranks follow the better private score of each team's two chosen final submissions.
    best = {}
    for team_id, score in Submission.objects.filter(phase__is_final=True, is_final_choice=True).values_list(
        "team_id", "private_score"
    ):
        best[team_id] = max(score, best.get(team_id, 0))
    assert [team_id for team_id, _ in sorted(best.items(), key=lambda item: -item[1])][:5] == list(
        teams.order_by("final_rank").values_list("pk", flat=True)[:5]
    )

    # The answer key is split and fits the sample submission; the files carry their checksums.
    for phase in challenge.phases.all():
        with phase.answer_key.open("rb") as handle:
            data = handle.read()
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        assert phase.answer_rows == len(rows) == 600
        assert phase.public_answer_rows == sum(row["usage"] == "public" for row in rows) == 180
        assert phase.answer_key_sha256 == hashlib.sha256(data).hexdigest()
    sample = challenge.data_files.get(kind="sample_submission")
    with sample.file.open("rb") as handle:
        content = handle.read()
    assert (sample.size, sample.sha256) == (len(content), hashlib.sha256(content).hexdigest())
    assert {row["id"] for row in csv.DictReader(io.StringIO(content.decode()))} == {row["id"] for row in rows}

    # The demo attendee can walk the path of a newcomer: on no team, with a graduate school.
    attendee = User.objects.get(email="attendee@example.org")
    assert not TeamMember.objects.filter(user=attendee).exists()
    assert get_attendee_profile(attendee).graduate_school.is_ai_graduate_school
    assert not User.objects.get(email="challenge000-0@example.org").has_usable_password()
