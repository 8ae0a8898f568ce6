"""Every page of an event with a published challenge links to it from the header; other events' pages do not."""

import pytest
from django.test import Client

from tests.factories.challenge import ChallengeFactory
from tests.factories.registration import EventDayFactory, EventFactory

pytestmark = pytest.mark.django_db


def _header_links(path: str, language: str) -> str:
    client = Client()
    client.cookies["symposium_language"] = language
    page = client.get(path).content.decode()
    return page[page.index('class="site-nav"') : page.index("</nav>")]


@pytest.mark.parametrize(("language", "word"), [("ko", "챌린지"), ("en", "Challenge")])
def test_the_header_links_to_a_published_challenge_and_stops_when_it_is_unpublished(language, word):
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event)
    other = EventFactory(slug="forum")
    EventDayFactory(event=other)
    challenge = ChallengeFactory(event=event, is_published=True)

    published = _header_links("/aigs/", language)
    elsewhere = _header_links("/forum/", language)
    challenge.is_published = False
    challenge.save()
    unpublished = _header_links("/aigs/programme/", language)

    assert f'href="/aigs/challenge/">{word}</a>' in published
    assert "/challenge/" not in elsewhere
    assert "/challenge/" not in unpublished
