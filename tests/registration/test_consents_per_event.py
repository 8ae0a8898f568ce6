"""Consents belong to the event whose texts the person saw: each new event asks again."""

import json
import re
import uuid

import pytest
from django.utils import timezone

from people.models import Consent
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.registration import EventDayFactory, EventFactory, EventPartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _edition(slug: str, exhibitor: str):
    event = EventFactory(slug=slug)
    EventDayFactory(event=event, date=event.start_date)
    EventPartnerFactory(event=event, role="exhibitor", organization__name_ko=exhibitor, organization__name_en=exhibitor)
    return event


def _register(client, event, **consents):
    data = {
        "profile-full_name": "김하나 (Hana Kim)",
        "profile-organization_name": "한국대학교",
        "profile-category": "researcher",
        "consent-event_processing": "on",
        "days-dates": [event.start_date.isoformat()],
        **{f"consent-{kind}": "on" for kind, given in consents.items() if given},
    }
    return client.post(f"/{event.slug}/register/", data)


def _ticked_consents(page: str) -> list[str]:
    return sorted(re.findall(r'<input type="checkbox" name="consent-(\w+)"[^>]*checked', page))


def _scan(client, booth, badge_code):
    body = {"badge_code": badge_code, "nonce": uuid.uuid4().hex, "scanned_at": timezone.now().isoformat()}
    return client.post(f"/api/booths/{booth.pk}/visits", data=json.dumps(body), content_type="application/json")


def test_a_person_who_consented_for_one_event_is_asked_again_for_the_next(client):
    last_year = _edition("aigs-2025", "Last Year Robotics")
    this_year = _edition("aigs-2026", "This Year Vision")
    booth = BoothFactory(event=this_year)
    booth_staff = BoothStaffFactory(booth=booth).user
    person = UserFactory()
    client.force_login(person)
    _register(client, last_year, share_with_booths=True, organiser_news=True)

    form_page = client.get("/aigs-2026/register/").content.decode()
    registered = _register(client, this_year)  # the optional boxes left as the form shows them: unticked
    badge_code = person.registrations.get(event=this_year).badge_code
    client.force_login(booth_staff)
    scanned = _scan(client, booth, badge_code).json()["person"]
    leads_page = client.get(f"/aigs-2026/booths/{booth.pk}/leads/").content.decode()

    assert _ticked_consents(form_page) == []
    assert "This Year Vision" in form_page
    assert registered.status_code == 302
    assert scanned == {"shared": False}
    assert "김하나" not in leads_page
    assert "방문자 (정보 비공개)" in leads_page


def test_consenting_for_the_new_event_shows_the_details_to_its_booths_only_then(client):
    last_year = _edition("aigs-2025", "Last Year Robotics")
    this_year = _edition("aigs-2026", "This Year Vision")
    booth = BoothFactory(event=this_year)
    booth_staff = BoothStaffFactory(booth=booth).user
    person = UserFactory()
    client.force_login(person)
    _register(client, last_year, share_with_booths=True)
    _register(client, this_year)
    badge_code = person.registrations.get(event=this_year).badge_code

    my_page = client.get("/aigs-2026/me/").content.decode()
    saved = client.post("/aigs-2026/me/", {"consent-share_with_booths": "on"})
    client.force_login(booth_staff)
    scanned = _scan(client, booth, badge_code).json()["person"]
    leads_page = client.get(f"/aigs-2026/booths/{booth.pk}/leads/").content.decode()

    assert _ticked_consents(my_page) == []
    assert "This Year Vision" in my_page
    assert saved.status_code == 302
    assert (scanned["shared"], scanned["name"]) == (True, "김하나 (Hana Kim)")
    assert "김하나 (Hana Kim)" in leads_page
    granted = Consent.objects.get(user=person, event=this_year, kind="share_with_booths", granted=True)
    assert granted.recipients == "This Year Vision"


def test_withdrawing_for_one_event_leaves_the_other_events_consent(client):
    last_year = _edition("aigs-2025", "Last Year Robotics")
    this_year = _edition("aigs-2026", "This Year Vision")
    person = UserFactory()
    client.force_login(person)
    _register(client, last_year, share_with_booths=True)
    _register(client, this_year, share_with_booths=True)

    client.post("/aigs-2026/me/", {})

    in_force = {
        event.slug: Consent.objects.filter(user=person, event=event, kind="share_with_booths").first().granted
        for event in (last_year, this_year)
    }
    assert in_force == {"aigs-2025": True, "aigs-2026": False}
    assert _ticked_consents(client.get("/aigs-2025/me/").content.decode()) == ["share_with_booths"]
