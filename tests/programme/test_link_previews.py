"""A link to the event, its programme, a session or a speaker, shared in KakaoTalk, shows a title, a date and a picture.

Each page is fetched over HTTP from the running server, as a link-preview bot
does, and its Open Graph tags are read back; the picture's address is fetched too.
"""

import datetime
import http.cookiejar
import urllib.request
from html.parser import HTMLParser

import pytest

from tests.factories.programme import ProgrammeSessionFactory, RoomFactory, SessionSpeakerFactory, SpeakerFactory, at
from tests.factories.registration import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


class MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key:
            self.tags.setdefault(key, []).append(attrs.get("content") or "")


def _fetch(opener, url: str):
    with opener.open(url) as response:  # the live server on loopback
        return response.status, response.headers.get_content_type(), response.read()


def _preview(opener, url: str) -> dict[str, str | list[str]]:
    status, _type, body = _fetch(opener, url)
    assert status == 200
    parser = MetaParser()
    parser.feed(body.decode())
    return {key: values[0] if len(values) == 1 else values for key, values in parser.tags.items()}


@pytest.fixture
def shared_pages(live_server, settings):
    settings.SITE_URL = live_server.url
    event = EventFactory(
        slug="aigs", name_ko="인공지능대학원 심포지엄", name_en="AI Graduate School Symposium",
        start_date=datetime.date(2026, 8, 18), end_date=datetime.date(2026, 8, 19),
        venue_ko="코엑스", venue_en="COEX", theme_ko="글로벌 디지털 인재의 산실", theme_en="Where global talent grows",
        is_published=True,
    )  # fmt: skip
    session = ProgrammeSessionFactory(
        event=event, room=RoomFactory(event=event, name_ko="그랜드볼룸", name_en="Grand Ballroom"), kind="keynote",
        title_ko="AI 에이전트 학습 방법", title_en="Learning for AI agents", abstract_en="How agents learn.",
        starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30"),
    )  # fmt: skip
    speaker = SpeakerFactory(event=event, name_ko="이홍락", name_en="Honglak Lee", title_en="Chief Scientist")
    SessionSpeakerFactory(session=session, speaker=speaker)
    base = f"{live_server.url}/aigs"
    return {
        "event": f"{base}/",
        "programme": f"{base}/programme/",
        "session": f"{base}/programme/sessions/{session.pk}/",
        "speaker": f"{base}/programme/speakers/{speaker.pk}/",
        "speakers": f"{base}/programme/speakers/",
    }


def test_every_shared_page_has_an_absolute_title_date_and_picture_in_korean(shared_pages, live_server):
    opener = urllib.request.build_opener()

    previews = {name: _preview(opener, url) for name, url in shared_pages.items()}

    assert {name: preview["og:title"] for name, preview in previews.items()} == {
        "event": "인공지능대학원 심포지엄",
        "programme": "프로그램 · 인공지능대학원 심포지엄",
        "session": "AI 에이전트 학습 방법 · 인공지능대학원 심포지엄",
        "speaker": "이홍락 · 인공지능대학원 심포지엄",
        "speakers": "연사 · 인공지능대학원 심포지엄",
    }
    assert previews["event"]["og:description"] == (
        "2026년 8월 18일 (화) – 2026년 8월 19일 (수) · 코엑스 — 글로벌 디지털 인재의 산실"
    )
    assert previews["session"]["og:description"].startswith("2026년 8월 18일 (화) ")  # the day, then its times
    # No Korean abstract: the English one stands in.
    assert previews["session"]["og:description"].endswith(" · 그랜드볼룸 — 이홍락 — How agents learn.")
    assert {name: preview["og:type"] for name, preview in previews.items()} == {
        "event": "website",
        "programme": "website",
        "session": "article",
        "speaker": "profile",
        "speakers": "website",
    }
    for name, preview in previews.items():
        assert preview["og:url"] == shared_pages[name]
        assert preview["description"] == preview["og:description"]
        assert "2026년 8월 18일" in preview["og:description"]
        assert preview["og:locale"] == "ko_KR"
        assert preview["og:locale:alternate"] == "en_US"
        assert preview["twitter:card"] == "summary_large_image"
        assert preview["og:image"] == f"{live_server.url}/static/img/link-preview.png"
    assert _fetch(opener, previews["event"]["og:image"])[:2] == (200, "image/png")


def test_shared_pages_in_english_say_it_in_english(shared_pages, live_server):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    _fetch(opener, f"{live_server.url}/language/en/?next=/")

    previews = {name: _preview(opener, url) for name, url in shared_pages.items()}

    assert previews["programme"]["og:title"] == "Programme · AI Graduate School Symposium"
    assert previews["event"]["og:description"] == (
        "Tue 18 August 2026 – Wed 19 August 2026 · COEX — Where global talent grows"
    )
    assert previews["speaker"]["og:description"] == "Tue 18 August 2026 – Wed 19 August 2026 · COEX — Chief Scientist"
    assert previews["session"]["og:description"].startswith("Tue 18 August 2026 ")
    assert previews["session"]["og:description"].endswith(" · Grand Ballroom — Honglak Lee — How agents learn.")
    assert {preview["og:locale"] for preview in previews.values()} == {"en_US"}
