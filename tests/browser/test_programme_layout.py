"""The programme as people see it: a grid of rooms on a desk, a list by time on a phone, speakers' pages.

Each test looks at the page in Chromium the way the attendee would use it: the
sizes of the boxes, where a confirmation appears, what a link leads to.
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from tests.factories.programme import (
    ProgrammeSessionFactory,
    RoomFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)
from tests.factories.registration import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1366, "height": 900}


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("link", name=re.compile("Sign out|로그아웃"))).to_be_visible()


def _in_english(page, live_server):
    page.goto(f"{live_server.url}/language/en/?next=/")


@pytest.fixture
def demo_like_day():
    """Six rooms like the demo's, a 30-minute opening, a 60-minute keynote and a 60-minute talk beside it."""
    event = EventFactory(slug="aigs")
    rooms = [RoomFactory(event=event, name_ko=f"{300 + n}호", name_en=f"Room {300 + n}", order=n) for n in range(6)]
    opening = ProgrammeSessionFactory(
        event=event, room=rooms[0], kind="opening", title_ko="개회식", title_en="Opening ceremony",
        starts_at=at(event, 0, "09:30"), ends_at=at(event, 0, "10:00"),
    )  # fmt: skip
    keynote = ProgrammeSessionFactory(
        event=event, room=rooms[0], kind="keynote", title_ko="기조강연", title_en="Keynote",
        starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "11:00"),
    )  # fmt: skip
    beside = ProgrammeSessionFactory(
        event=event, room=rooms[5], title_ko="옆방 발표", title_en="Talk next door",
        starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30"),
    )  # fmt: skip
    for index, room in enumerate(rooms[1:5]):
        ProgrammeSessionFactory(
            event=event, room=room, title_ko=f"연구 발표 {index}", title_en=f"Research talk {index}",
            starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "10:50"),
        )  # fmt: skip
    return event, opening, keynote, beside


def test_programme_grid_on_a_desk_has_rooms_as_columns_and_boxes_as_tall_as_sessions_are_long(
    live_server, browser, demo_like_day
):
    _event, opening, keynote, beside = demo_like_day
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/aigs/programme/")

    opening_box = page.locator(f"#session-{opening.pk}").bounding_box()
    keynote_box = page.locator(f"#session-{keynote.pk}").bounding_box()
    beside_box = page.locator(f"#session-{beside.pk}").bounding_box()
    time_box = page.locator(".programme-slot__time").first.bounding_box()
    grid_box = page.locator("[data-programme-grid]").bounding_box()
    assert time_box["width"] < 80
    assert 1.8 < keynote_box["height"] / opening_box["height"] < 2.2
    assert keynote_box["x"] == opening_box["x"]  # the same room, one column
    assert beside_box["x"] > keynote_box["x"] + keynote_box["width"]  # another room, a column to the right
    assert abs(beside_box["y"] - (keynote_box["y"] + keynote_box["height"] / 2)) < 4  # starts half an hour later
    assert grid_box["width"] > 1366 - 80  # the whole width of the screen, no wide margins
    assert page.evaluate("document.documentElement.scrollWidth") == 1366  # no sideways scrolling
    expect(page.get_by_role("combobox", name="트랙")).to_be_visible()  # a desk has room for the filters
    context.close()


def test_programme_on_a_phone_is_a_list_by_start_time_with_the_filters_folded(live_server, phone_page, demo_like_day):
    event, opening, keynote, beside = demo_like_day
    TrackFactory(event=event, name_ko="본행사", name_en="Main stage")
    page = phone_page
    _in_english(page, live_server)

    page.goto(f"{live_server.url}/aigs/programme/")

    expect(page.get_by_role("combobox", name="Track")).to_be_hidden()
    # One heading per start time (the clock's format is the locale's).
    expect(page.locator(".programme-slot__time")).to_have_text(
        [re.compile(r"^0?9:30"), re.compile(r"^10(:00)?\b"), re.compile(r"^10:30")]
    )
    slot_of_keynote = page.locator(".programme-slot", has=page.locator(f"#session-{keynote.pk}"))
    expect(slot_of_keynote.locator(".session-card")).to_have_count(5)  # the keynote and the four talks at ten
    cards = [page.locator(f"#session-{pk}").bounding_box() for pk in (opening.pk, keynote.pk, beside.pk)]
    assert cards[0]["y"] < cards[1]["y"] < cards[2]["y"]  # in time order, one under another
    assert all(card["width"] > 390 - 60 for card in cards)  # each as wide as the phone
    assert page.evaluate("document.documentElement.scrollWidth") == 390

    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("combobox", name="Track").select_option(label="Main stage")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No sessions match on this day.")).to_be_visible()
    expect(page.locator("summary")).to_have_text("Filters 1 active")


def test_agenda_confirmation_appears_next_to_the_pressed_button_and_warns_of_an_overlap(
    live_server, browser, demo_like_day
):
    _event, _opening, keynote, beside = demo_like_day
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _in_english(page, live_server)
    _sign_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/aigs/programme/")

    page.locator(f"#agenda-{keynote.pk}").get_by_role("button", name="Add to my agenda").click()
    keynote_status = page.locator(f"#agenda-{keynote.pk} [data-agenda-status]")
    expect(keynote_status).to_have_text("Added to your agenda.")
    expect(keynote_status).to_have_attribute("aria-live", "polite")
    page.locator(f"#agenda-{beside.pk}").get_by_role("button", name="Add to my agenda").click()

    beside_status = page.locator(f"#agenda-{beside.pk} [data-agenda-status]")
    expect(beside_status).to_have_text("Added to your agenda. It overlaps with: Keynote.")
    expect(beside_status).to_have_class(re.compile(r"agenda-status--warning"))
    expect(keynote_status).to_have_text("")  # only the latest confirmation stays
    button = page.locator(f"#agenda-{beside.pk}").get_by_role("button").bounding_box()
    status = beside_status.bounding_box()
    assert 0 <= status["y"] - (button["y"] + button["height"]) < 40  # just under the button
    assert abs(status["x"] - button["x"]) < 40
    context.close()


def test_agenda_confirmation_without_javascript_comes_back_next_to_the_button(live_server, browser, demo_like_day):
    _event, _opening, keynote, beside = demo_like_day
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _in_english(page, live_server)
    _sign_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/aigs/programme/")

    page.locator(f"#agenda-{keynote.pk}").get_by_role("button", name="Add to my agenda").click()
    expect(page).to_have_url(re.compile(rf"/aigs/programme/#agenda-{keynote.pk}$"))
    expect(page.locator(f"#agenda-{keynote.pk} [data-agenda-status]")).to_have_text("Added to your agenda.")
    page.locator(f"#agenda-{beside.pk}").get_by_role("button", name="Add to my agenda").click()

    expect(page.locator(f"#agenda-{beside.pk} [data-agenda-status]")).to_have_text(
        "Added to your agenda. It overlaps with: Keynote."
    )
    expect(page.locator(f"#agenda-{keynote.pk} [data-agenda-status]")).to_have_text("")
    expect(page.locator(".messages")).to_have_count(0)  # not also at the top of the page
    expect(page.locator(f"#agenda-{beside.pk}").get_by_role("button")).to_have_text("In my agenda — remove")
    context.close()


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "navy").save(buffer, format="JPEG")
    return SimpleUploadedFile("honglak.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_speaker_index_lists_speakers_with_photo_or_initials_and_links_to_their_pages(live_server, phone_page):
    event = EventFactory(slug="aigs")
    room = RoomFactory(event=event, name_ko="그랜드볼룸", name_en="Grand Ballroom")
    keynote = ProgrammeSessionFactory(
        event=event, room=room, kind="keynote", title_ko="기조강연", title_en="Keynote",
        starts_at=at(event, 0, "10:30"), ends_at=at(event, 0, "11:30"),
    )  # fmt: skip
    panel = ProgrammeSessionFactory(
        event=event, room=room, kind="panel", title_ko="패널 토론", title_en="Panel",
        starts_at=at(event, 0, "13:00"), ends_at=at(event, 0, "14:30"),
    )  # fmt: skip
    unpublished = ProgrammeSessionFactory(event=event, room=room, is_published=False, starts_at=at(event, 0, "15:00"))
    honglak = SpeakerFactory(
        event=event, name_ko="이홍락", name_en="Honglak Lee", title_en="Chief Scientist", bio_en="Works on agents.",
        photo=_photo(),
    )  # fmt: skip
    jaesik = SpeakerFactory(event=event, name_ko="최재식", name_en="Jaesik Choi", title_en="Professor, KAIST")
    secret = SpeakerFactory(event=event, name_ko="비공개", name_en="Not announced")
    SessionSpeakerFactory(session=keynote, speaker=honglak)
    SessionSpeakerFactory(session=panel, speaker=jaesik, role="panelist")
    SessionSpeakerFactory(session=unpublished, speaker=secret)
    page = phone_page
    _in_english(page, live_server)

    page.goto(f"{live_server.url}/aigs/programme/")
    page.get_by_role("link", name="Speakers", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Speakers")
    expect(page.locator(".speaker-card__name")).to_have_text(["Honglak Lee", "Jaesik Choi"])
    photo = page.locator(".speaker-card", has_text="Honglak Lee").locator("img.speaker-avatar")
    expect(photo).to_have_attribute("src", re.compile(r"^/media/speakers/"))
    expect(page.locator(".speaker-card", has_text="Jaesik Choi").locator(".speaker-avatar--initials")).to_have_text(
        "JC"
    )
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.get_by_role("link", name="Jaesik Choi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaesik Choi")
    expect(page.locator(".speaker-session__when")).to_have_text(
        re.compile(r"(1 p\.m\.–2:30 p\.m\.|13:00–14:30) · Grand Ballroom$")
    )
    page.get_by_role("link", name="Panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel")
    page.get_by_role("link", name="All speakers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Speakers")

    page.goto(f"{live_server.url}/language/ko/?next=/aigs/programme/speakers/")
    expect(page.locator(".speaker-card__name")).to_have_text(["이홍락", "최재식"])
    expect(page.locator(".speaker-card", has_text="최재식").locator(".speaker-avatar--initials")).to_have_text("재식")
