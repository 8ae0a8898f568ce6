"""What happens to the challenge's data when other apps change theirs.

- A deleted account leaves its teams: a captain's team gets its earliest remaining member as
  captain (a student before an adviser); a team left empty keeps its submissions, scores, rank
  and award, submitted by nobody, so the leaderboard and the counts stay right.
- A cancelled registration does not take anyone off a team: the challenge runs in July and
  August, before the symposium, and a member who cannot come to the symposium days is still in it.
- An organisation merge moves teams (and the data provider) to the organisation that stays.
- Deleting an event takes its challenge, teams, submissions and awards with it, unless talent
  pool consents (evidence of what people agreed to) protect it; when its retention period is over,
  the people go and the teams' scores, ranks and awards stay.
"""

from __future__ import annotations

import json

import pytest
from django.db.models import ProtectedError

from challenge.enums import MemberRole
from challenge.models import (
    Award,
    Challenge,
    ChallengeTeam,
    Submission,
    TalentPoolConsent,
    TeamInvitation,
    TeamMember,
    TermsAcceptance,
)
from common.personal_data import forget_event
from registration.services import cancel_registration, delete_account, merge_organizations, register_attendee
from tests.factories import challenge_ops as make
from tests.factories.registration import EventDayFactory, UserFactory, attendee

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    challenge = make.challenge()
    phase = make.phase(challenge=challenge)
    return challenge, phase


def test_a_deleted_captain_hands_the_team_to_its_earliest_student(client, contest):
    challenge, phase = contest
    captain, adviser, student, later = make.member(), make.member(), make.member(), make.member()
    team = make.team(challenge=challenge, name="CVML", members=[captain, adviser, student, later])
    TeamMember.objects.filter(team=team, user=adviser).update(role=MemberRole.ADVISER)
    make.submission(team=team, phase=phase, submitted_by=captain)
    TermsAcceptance.objects.create(challenge=challenge, user=captain, version="1")
    TeamInvitation.objects.create(team=team, email="friend@example.org", invited_by=captain)
    client.force_login(captain)

    response = client.post("/me/delete/", {"confirm": "yes"})

    assert response.status_code == 302
    roles = dict(TeamMember.objects.filter(team=team).values_list("user__email", "role"))
    assert roles == {adviser.email: "adviser", student.email: "captain", later.email: "member"}
    submission = Submission.objects.get(team=team)
    assert (submission.submitted_by, submission.public_score) == (None, 0.8)
    assert TeamInvitation.objects.get(team=team).invited_by is None
    assert not TermsAcceptance.objects.filter(challenge=challenge).exists()


def test_a_team_left_empty_keeps_its_scores_rank_and_award(contest):
    challenge, phase = contest
    alone = make.member()
    team = make.team(challenge=challenge, name="혼자 팀", members=[alone])
    ChallengeTeam.objects.filter(pk=team.pk).update(final_rank=1)
    scored = [make.submission(team=team, phase=phase, submitted_by=alone, public=0.9 + n / 100) for n in range(3)]
    Award.objects.create(challenge=challenge, team=team, name_ko="장관상", name_en="Minister's award", prize_krw=10**7)
    TalentPoolConsent.objects.create(
        challenge=challenge, user=alone, granted=True, text_version="1", company_name="LG AI Research"
    )

    delete_account(user=alone)

    team.refresh_from_db()
    assert (team.name, team.final_rank, team.members.count()) == ("혼자 팀", 1, 0)
    assert Submission.objects.filter(team=team, status="scored").count() == len(scored)
    assert set(Submission.objects.filter(team=team).values_list("submitted_by", flat=True)) == {None}
    assert Award.objects.get(challenge=challenge).team == team
    assert not TalentPoolConsent.objects.exists()


def test_the_data_export_holds_the_challenge_and_hides_the_private_score_until_the_results(client, contest):
    challenge, phase = contest
    person = make.member()
    team = make.team(challenge=challenge, name="CVML", members=[person])
    make.submission(team=team, phase=phase, submitted_by=person, public=0.91, private=0.87)
    TermsAcceptance.objects.create(challenge=challenge, user=person, version="1")
    client.force_login(person)

    before = json.loads(client.get("/me/data.json").content)["challenge"]
    Challenge.objects.filter(pk=challenge.pk).update(results_published_at="2022-09-05T01:00:00Z")
    after = json.loads(client.get("/me/data.json").content)["challenge"]

    assert [(m["team"], m["role"]) for m in before["team_memberships"]] == [("CVML", "captain")]
    assert [(s["public_score"], s["private_score"]) for s in before["submissions"]] == [(0.91, None)]
    assert [(s["public_score"], s["private_score"]) for s in after["submissions"]] == [(0.91, 0.87)]
    assert [t["version"] for t in before["terms_acceptances"]] == ["1"]


def test_a_member_whose_registration_is_cancelled_stays_on_the_team(contest):
    challenge, _phase = contest
    day = EventDayFactory(event=challenge.event)
    person = attendee(event=challenge.event, category="student")
    team = make.team(challenge=challenge, members=[person])
    registration = register_attendee(event=challenge.event, user=person, dates=[day.date], enforce_window=False)

    cancel_registration(registration=registration)

    assert list(TeamMember.objects.filter(team=team).values_list("user", flat=True)) == [person.pk]


def test_a_graduate_school_merged_into_another_takes_its_teams_along(contest):
    challenge, _phase = contest
    school, duplicate = make.graduate_school(name_en="Chung-Ang University"), make.graduate_school(name_en="CAU")
    kept = make.team(challenge=challenge, name="CVML", school=school)
    moved = make.team(challenge=challenge, name="CAU Vision", school=duplicate, members=[make.member()])
    provider_copy = make.graduate_school(name_en="LG AI Research (typed)")
    Challenge.objects.filter(pk=challenge.pk).update(data_provider=provider_copy)

    merge_organizations(target=school, duplicates=[duplicate])
    merge_organizations(target=make.graduate_school(name_en="LG AI Research Lab"), duplicates=[provider_copy])

    assert set(ChallengeTeam.objects.filter(graduate_school=school).values_list("pk", flat=True)) == {kept.pk, moved.pk}
    assert moved.members.count() == 1
    challenge.refresh_from_db()
    assert challenge.data_provider.name_en == "LG AI Research Lab"


def test_deleting_an_event_takes_its_challenge_unless_talent_pool_consents_protect_it(contest):
    challenge, phase = contest
    person = make.member()
    team = make.team(challenge=challenge, members=[person])
    make.submission(team=team, phase=phase)
    Award.objects.create(challenge=challenge, team=team, name_ko="장관상", name_en="Minister's award")
    consent = TalentPoolConsent.objects.create(
        challenge=challenge, user=person, granted=True, text_version="1", company_name="LG AI Research"
    )
    event = challenge.event

    with pytest.raises(ProtectedError):
        event.delete()
    consent.delete()
    event.delete()

    assert not Challenge.objects.exists()
    assert (ChallengeTeam.objects.count(), Submission.objects.count(), Award.objects.count()) == (0, 0, 0)
    assert UserFactory._meta.model.objects.filter(pk=person.pk).exists()  # the person stays


def test_when_the_events_retention_is_over_the_people_go_and_the_scores_stay(contest):
    challenge, phase = contest
    person = make.member()
    team = make.team(challenge=challenge, members=[person], name="CVML")
    ChallengeTeam.objects.filter(pk=team.pk).update(final_rank=1)
    make.submission(team=team, phase=phase, submitted_by=person)
    TeamInvitation.objects.create(team=team, email="friend@example.org", invited_by=person)
    TermsAcceptance.objects.create(challenge=challenge, user=person, version="1")
    TalentPoolConsent.objects.create(
        challenge=challenge, user=person, granted=True, text_version="1", company_name="LG AI Research"
    )
    other = make.team(challenge=make.challenge(), members=[make.member()])

    forgotten = forget_event(challenge.event)

    assert {person.email, "friend@example.org"} <= forgotten
    assert not TeamMember.objects.filter(team=team).exists()
    assert not TeamInvitation.objects.filter(team=team).exists()
    assert not TermsAcceptance.objects.filter(challenge=challenge).exists()
    assert not TalentPoolConsent.objects.filter(challenge=challenge).exists()
    team.refresh_from_db()
    assert (team.name, team.final_rank) == ("CVML", 1)
    assert Submission.objects.get(team=team).submitted_by is None
    assert other.members.count() == 1  # another event's challenge is untouched
