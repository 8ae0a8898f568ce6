"""On the days of the event the session under way and the next ones are marked, in the event's zone."""

import datetime

import pytest
import time_machine

from tests.factories.programme import ProgrammeSessionFactory, at
from tests.factories.registration import EventFactory

pytestmark = pytest.mark.django_db


def test_now_and_next_are_marked_during_the_event(client):
    event = EventFactory(slug="aigs", start_date=datetime.date(2026, 12, 8), end_date=datetime.date(2026, 12, 9))
    ProgrammeSessionFactory(
        event=event, title_ko="에이전트 강연", starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00")
    )
    ProgrammeSessionFactory(
        event=event, title_ko="리더 전략 토론", starts_at=at(event, 0, "11:00"), ends_at=at(event, 0, "12:00")
    )

    # 01:30 UTC is 10:30 in Seoul on the first day.
    with time_machine.travel(datetime.datetime(2026, 12, 8, 1, 30, tzinfo=datetime.UTC), tick=False):
        html = client.get("/aigs/programme/").content.decode()

    assert html.count("is-now") == 1
    assert html.count("is-next") == 1
    assert html.index("is-now") < html.index("에이전트 강연") < html.index("is-next") < html.index("리더 전략 토론")


def test_nothing_is_marked_before_the_event(client):
    event = EventFactory(slug="aigs", start_date=datetime.date(2026, 12, 8), end_date=datetime.date(2026, 12, 9))
    ProgrammeSessionFactory(event=event, starts_at=at(event, 0, "10:00"))

    with time_machine.travel(datetime.datetime(2026, 12, 1, 1, 30, tzinfo=datetime.UTC), tick=False):
        html = client.get("/aigs/programme/").content.decode()

    assert "is-now" not in html
    assert "is-next" not in html


def test_the_seoul_day_boundary_picks_the_right_programme_day(client):
    event = EventFactory(slug="aigs", start_date=datetime.date(2026, 12, 8), end_date=datetime.date(2026, 12, 9))
    ProgrammeSessionFactory(event=event, title_ko="둘째 날 발표", starts_at=at(event, 1, "09:00"))

    # 15:30 UTC on the 8th is already 00:30 on the 9th in Seoul.
    with time_machine.travel(datetime.datetime(2026, 12, 8, 15, 30, tzinfo=datetime.UTC), tick=False):
        html = client.get("/aigs/programme/").content.decode()

    assert "둘째 날 발표" in html
