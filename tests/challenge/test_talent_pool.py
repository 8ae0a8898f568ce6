"""The talent pool consent: only winners grant, each answer is a new row, the latest is in force."""

from __future__ import annotations

import pytest
from django.test import Client

from challenge.models import TalentPoolConsent
from challenge.selectors import talent_pool
from challenge.services import publish_results, record_award
from tests.challenge.results_world import make_challenge, make_team, member, scored

pytestmark = pytest.mark.django_db


def _world():
    challenge = make_challenge()
    phase = challenge.phases.get()
    winner, loser = member(), member()
    scored(make_team(challenge, name="Winners", members=[winner]), phase, public=0.9, private=0.9, final=True)
    scored(make_team(challenge, name="Others", members=[loser]), phase, public=0.5, private=0.5, final=True)
    publish_results(challenge=challenge)
    record_award(challenge=challenge, final_rank=1, name_ko="대상", name_en="Grand prize")
    challenge.refresh_from_db()
    return challenge, winner, loser


def _post(user, challenge, **data):
    client = Client()
    client.force_login(user)
    response = client.post(f"/{challenge.event.slug}/challenge/talent-pool/", data, follow=True)
    return response


def test_a_winner_grants_and_withdraws_as_new_rows_and_the_latest_is_in_force():
    challenge, winner, _loser = _world()

    _post(winner, challenge, action="grant", agree="yes")
    _post(winner, challenge, action="grant", agree="yes")  # again: the same row
    in_pool = [person.user_id for person in talent_pool(challenge)]
    _post(winner, challenge, action="withdraw")

    rows = list(TalentPoolConsent.objects.order_by("recorded_at", "id").values_list("granted", "company_name"))
    assert in_pool == [winner.pk]
    assert rows == [(True, challenge.data_provider.name_ko), (False, challenge.data_provider.name_ko)]
    assert talent_pool(challenge) == []


def test_granting_needs_the_box_ticked_and_an_award():
    challenge, winner, loser = _world()

    unticked = _post(winner, challenge, action="grant")
    not_a_winner = _post(loser, challenge, action="grant", agree="yes")

    assert "동의하려면 확인란을 선택하세요." in unticked.content.decode()
    assert "수상 팀의 팀원만 인재풀에 참여할 수 있습니다." in not_a_winner.content.decode()
    assert TalentPoolConsent.objects.count() == 0


def test_a_new_text_takes_everyone_out_of_the_pool_until_they_agree_again():
    challenge, winner, _loser = _world()
    _post(winner, challenge, action="grant", agree="yes")

    challenge.talent_pool_version = "2"
    challenge.save()
    page = _post(winner, challenge, action="nothing")

    assert talent_pool(challenge) == []
    assert 'data-talent-pool-state="changed"' in page.content.decode()
