"""The booth pages as their people use them: staff's leads list and visit page, the directory and a booth's page."""

import datetime

import pytest
from django.utils import timezone, translation

from booths.models import Visit
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory, book, visits_at
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_language_after():
    """An English page leaves English active in this thread; the next test starts in the default again."""
    yield
    translation.deactivate()


@pytest.fixture
def booth():
    event = EventFactory(slug="aigs")
    return BoothFactory(event=event, number="B07", name_ko="비전 부스", name_en="Vision booth")


@pytest.fixture
def staff_client(client, booth):
    client.force_login(BoothStaffFactory(booth=booth, role="manager").user)
    return client


def _leads(client, booth, query=""):
    return client.get(f"/aigs/booths/{booth.pk}/leads/{query}")


def _names(response) -> list[str]:
    return [row.record.pk for row in response.context["table"].page.object_list]


def test_the_leads_list_shows_25_visits_a_page_newest_first(staff_client, booth):
    visits = visits_at(booth, 30)

    first, second = _leads(staff_client, booth), _leads(staff_client, booth, "?page=2")

    assert _names(first) == [visit.pk for visit in reversed(visits[5:])]
    assert _names(second) == [visit.pk for visit in reversed(visits[:5])]


def test_a_search_finds_a_shared_name_but_never_an_unshared_one(staff_client, booth):
    shared, unshared = visits_at(booth, 2, share_every=2)
    shared_name = shared.registration.user.attendee_profile.full_name
    unshared_name = unshared.registration.user.attendee_profile.full_name

    found = _leads(staff_client, booth, f"?q={shared_name}")
    hidden = _leads(staff_client, booth, f"?q={unshared_name}")

    assert _names(found) == [shared.pk]
    assert _names(hidden) == []


def test_a_search_finds_notes_and_tags_and_the_rating_filter_and_sort_work(staff_client, booth):
    quiet, keen, later = visits_at(booth, 3)
    Visit.objects.filter(pk=keen.pk).update(note="Wants an internship", tags=["vision", "PhD"], rating=5)
    Visit.objects.filter(pk=later.pk).update(rating=3)

    by_note = _leads(staff_client, booth, "?q=internship")
    by_tag = _leads(staff_client, booth, "?q=phd")
    five_stars = _leads(staff_client, booth, "?rating=5")
    unrated = _leads(staff_client, booth, "?rating=none")
    best_first = _leads(staff_client, booth, "?sort=-rating")

    assert (_names(by_note), _names(by_tag), _names(five_stars)) == ([keen.pk], [keen.pk], [keen.pk])
    assert _names(unrated) == [quiet.pk]
    assert _names(best_first)[:2] == [keen.pk, later.pk]


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=999", "?page=-1", "?sort=nonsense", "?sort=visitor", "?day=2001-01-01",
              "?rating=9", "?tab=nonsense", "?q=" + "x" * 500, "?per_page=-5"],
)  # fmt: skip
def test_odd_list_addresses_answer_with_the_list(staff_client, booth, query):
    visits_at(booth, 2)

    response = _leads(staff_client, booth, query)

    assert response.status_code == 200


def test_a_day_that_is_not_the_events_is_explained_in_korean(staff_client, booth):
    response = _leads(staff_client, booth, "?day=2001-01-01")

    assert "올바르게 선택해 주세요" in response.content.decode()


def test_the_export_holds_the_filtered_leads_only(staff_client, booth):
    keen, _other = visits_at(booth, 2)
    Visit.objects.filter(pk=keen.pk).update(note="Wants an internship")

    everything = staff_client.get(f"/aigs/booths/{booth.pk}/leads.csv").content.decode("utf-8-sig").splitlines()
    filtered = staff_client.get(f"/aigs/booths/{booth.pk}/leads.csv?q=internship").content.decode("utf-8-sig")

    assert len(everything) == 3
    assert len(filtered.splitlines()) == 2
    assert filtered.splitlines()[1].endswith("Wants an internship")


def test_opening_a_visit_and_saving_returns_to_the_same_list_page(staff_client, booth):
    visits = visits_at(booth, 30)
    oldest = visits[0]

    page = staff_client.get(f"/aigs/booths/visits/{oldest.pk}/?back=page%3D2%26sort%3Dscanned_at").content.decode()
    saved = staff_client.post(
        f"/aigs/booths/visits/{oldest.pk}/",
        {"note": "Met the team lead", "rating": "4", "tags": "vision, hiring", "back": "page=2&sort=scanned_at"},
    )

    assert 'name="back" value="sort=scanned_at&amp;page=2"' in page
    assert saved.status_code == 302
    assert saved["Location"] == f"/aigs/booths/{booth.pk}/leads/?sort=scanned_at&page=2"  # the list's own order
    oldest.refresh_from_db()
    assert (oldest.note, oldest.rating, oldest.tags) == ("Met the team lead", 4, ["hiring", "vision"])


def test_the_way_back_keeps_only_the_lists_own_parameters(staff_client, booth):
    (visit,) = visits_at(booth, 1)

    saved = staff_client.post(
        f"/aigs/booths/visits/{visit.pk}/", {"note": "", "rating": "", "tags": "", "back": "next=//evil.example&q=a"}
    )

    assert saved["Location"] == f"/aigs/booths/{booth.pk}/leads/?q=a"


def test_consultations_and_devices_have_their_own_tabs(staff_client, booth):
    slot = ConsultationSlotFactory(booth=booth)

    person = book(slot=slot).user

    visits_tab = _leads(staff_client, booth).content.decode()
    consultations_tab = _leads(staff_client, booth, "?tab=consultations").content.decode()
    devices_tab = _leads(staff_client, booth, "?tab=devices").content.decode()

    assert person.attendee_profile.full_name not in visits_tab
    assert person.attendee_profile.full_name in consultations_tab
    assert 'name="name" maxlength="100"' in devices_tab
    assert 'name="name" maxlength="100"' not in consultations_tab


def test_staff_who_are_not_managers_get_no_devices_tab(client, booth):
    client.force_login(BoothStaffFactory(booth=booth, role="staff").user)

    page = _leads(client, booth, "?tab=devices").content.decode()

    assert '<a href="?tab=devices"' not in page
    assert 'action="/aigs/booths/{booth.pk}/devices/"' not in page


def test_the_leads_list_takes_as_many_queries_for_many_visits_as_for_few(
    staff_client, booth, django_assert_max_num_queries
):
    visits_at(booth, 3)
    with django_assert_max_num_queries(20) as few:
        _leads(staff_client, booth)
    visits_at(booth, 30, start=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        _leads(staff_client, booth)


# --- The directory and a booth's page ---------------------------------------------------


@pytest.fixture
def directory(booth):
    booth.technologies = ["vision", "robotics"]
    booth.hall_ko, booth.hall, booth.position_ko, booth.position = "코엑스 A홀", "COEX Hall A", "동쪽", "East side"
    booth.save()
    booth.jobs.create(title="Vision AI Engineer", team="Perception")
    other = BoothFactory(event=booth.event, number="C01", name_ko="언어 부스", name_en="Language booth")
    other.technologies = ["language_models"]
    other.save()
    other.jobs.create(title="ML Engineer")
    return booth, other


def _booth_ids(response) -> list[int]:
    return [booth.pk for booth in response.context["booths"]]


def test_the_directory_filters_by_hiring_role_and_technology(client, directory):
    vision, language = directory

    everyone = client.get("/aigs/booths/")
    hiring_ml = client.get("/aigs/booths/?role=ML+Engineer")
    robotics = client.get("/aigs/booths/?technology=robotics")
    both = client.get("/aigs/booths/?role=ML+Engineer&technology=robotics")

    assert _booth_ids(everyone) == [vision.pk, language.pk]
    assert (_booth_ids(hiring_ml), _booth_ids(robotics), _booth_ids(both)) == ([language.pk], [vision.pk], [])
    assert "조건에 맞는 부스가 없습니다." in both.content.decode()


@pytest.mark.parametrize("query", ["?role=nobody", "?technology=%00", "?technology=" + "x" * 300, "?role=&x=1"])
def test_odd_directory_filters_answer_with_the_directory(client, directory, query):
    assert client.get("/aigs/booths/" + query).status_code == 200


def test_the_booth_page_shows_its_location_in_the_pages_language(client, directory):
    vision, _language = directory

    korean = client.get(f"/aigs/booths/{vision.pk}/").content.decode()
    client.cookies["symposium_language"] = "en"
    english = client.get(f"/aigs/booths/{vision.pk}/").content.decode()

    assert "코엑스 A홀 · 동쪽" in korean
    assert "COEX Hall A" not in korean
    assert "COEX Hall A · East side" in english


def test_the_booth_page_groups_open_slots_by_day(client, booth):
    EventDayFactory(event=booth.event)
    zone = booth.event.zone
    first_day = datetime.datetime.combine(booth.event.start_date, datetime.time(13, 0), tzinfo=zone)
    second_day = first_day + datetime.timedelta(days=1)
    slots = [ConsultationSlotFactory(booth=booth, starts_at=start) for start in
             (first_day, first_day + datetime.timedelta(minutes=30), second_day)]  # fmt: skip
    ConsultationSlotFactory(booth=booth, starts_at=timezone.now() - datetime.timedelta(hours=1))  # over

    response = client.get(f"/aigs/booths/{booth.pk}/")

    assert [(day, [slot.pk for slot in day_slots]) for day, day_slots in response.context["slot_days"]] == [
        (booth.event.start_date, [slots[0].pk, slots[1].pk]),
        (booth.event.end_date, [slots[2].pk]),
    ]


def test_an_unpublished_or_unknown_booth_has_no_page(client, booth):
    hidden = BoothFactory(event=booth.event, is_published=False)

    assert client.get(f"/aigs/booths/{hidden.pk}/").status_code == 404
    assert client.get("/aigs/booths/999999/").status_code == 404


def test_a_booth_without_a_logo_shows_its_initials(client, booth):
    booth.companies.set([OrganizationFactory(name_en="NeoVision")])
    client.cookies["symposium_language"] = "en"

    page = client.get(f"/aigs/booths/{booth.pk}/").content.decode()

    assert '<span class="booth-logo booth-logo--initials" aria-hidden="true">VB</span>' in page


def test_organisers_tick_a_booths_technologies_in_the_admin(client, booth):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    booth.technologies = ["robotics"]
    booth.save()

    page = client.get(f"/admin/booths/booth/{booth.pk}/change/").content.decode()

    assert 'type="checkbox" name="technologies" value="robotics"' in page
    assert 'value="robotics" id="id_technologies_3" checked' in page
