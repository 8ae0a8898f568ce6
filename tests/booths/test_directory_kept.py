"""The booth directory's cards are kept for everyone, and every change to what they show
(a booth, its companies, jobs and slots, publishing) or the start of a slot shows at once."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from booths.models import JobOpening
from tests.factories.booths import BoothFactory, ConsultationSlotFactory
from tests.factories.registration import EventFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="aigs")


def _cards(client) -> dict[str, str]:
    """{booth name: the rest of its card's text}."""
    html = client.get("/aigs/booths/").content.decode()
    cards = re.findall(r'<li class="booth-card".*?</li>\s*(?=<li class="booth-card"|</ul>)', html, re.DOTALL)
    found = {}
    for card in cards:
        name = re.search(r'class="booth-card__title"><a [^>]+>([^<]+)</a>', card).group(1)
        found[name] = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    return found


def test_a_changed_booth_and_its_new_company_and_job_show_at_once(client, event):
    booth = BoothFactory(event=event, name_ko="원래 부스")
    assert list(_cards(client)) == ["원래 부스"]

    booth.name_ko = "새 이름 부스"
    booth.save()
    booth.companies.add(OrganizationFactory(kind="company", name_ko="새 회사"))
    JobOpening.objects.create(booth=booth, title="연구원")
    card = _cards(client)["새 이름 부스"]

    assert "새 회사" in card
    assert "연구원" in card


def test_publishing_in_the_admin_shows_the_booth_at_once(client, event):
    hidden = BoothFactory(event=event, name_ko="비공개 부스", is_published=False)
    BoothFactory(event=event, name_ko="공개 부스")
    assert list(_cards(client)) == ["공개 부스"]

    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(organiser)
    client.post("/admin/booths/booth/", {"action": "publish", "_selected_action": [hidden.pk]})
    client.logout()

    assert sorted(_cards(client)) == ["공개 부스", "비공개 부스"]


def test_the_open_slot_count_follows_the_clock(client, event):
    booth = BoothFactory(event=event, name_ko="상담 부스")
    first = timezone.now() + datetime.timedelta(hours=1)
    for hour in range(3):
        ConsultationSlotFactory(booth=booth, starts_at=first + datetime.timedelta(hours=hour))
    assert "상담 가능 시간 3개" in _cards(client)["상담 부스"]

    with time_machine.travel(first + datetime.timedelta(minutes=1)):
        later = _cards(client)["상담 부스"]

    assert "상담 가능 시간 2개" in later
