"""Every download of a table: no live spreadsheet formulas, Korean intact, CSV and Excel alike."""

import csv
import io
import pathlib

import openpyxl
import pytest
from django.contrib import admin
from django.urls import get_resolver
from django.utils import timezone

from booths.models import Visit
from booths.services import record_visit
from common.exports import FORMULA_STARTS, read_cell
from registration.services import register_attendee
from tests.factories.booths import BoothFactory, BoothStaffFactory
from tests.factories.programme import ProgrammeSessionFactory
from tests.factories.registration import EventDayFactory, EventFactory, OrganizationFactory, UserFactory, attendee
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory
from townhall.services import preview_guest_csv

pytestmark = pytest.mark.django_db

# Text a hostile or careless person can put in a field that reaches an export, one per formula trigger.
NAME = '=HYPERLINK("http://evil.example","홍길동")'
ORGANISATION = "+82 연구소"
EMAIL = "=cmd@example.org"
NOTE = "@SUM(1+1) 메모"
TAG = "-2+3 태그"
TITLE_KO = "=1+1 기조강연"
TITLE_EN = "\tTabbed title"
ABSTRACT = "- 첫째 요점\r\n- 둘째 요점"
BOOTH_NUMBER = "=A1"
GUEST_NAME = "=김철수"
GUEST_TITLE = "@대표"
DIETARY = "\r채식"


@pytest.fixture
def world():
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event, date=event.start_date)
    visitor_user = attendee(
        share_with_booths=True,
        full_name=NAME,
        organization=OrganizationFactory(name_ko=ORGANISATION, name_en=ORGANISATION),
    )
    visitor_user.email = EMAIL
    visitor_user.save(update_fields=["email"])
    registration = register_attendee(event=event, user=visitor_user, dates=[event.start_date])
    booth = BoothFactory(event=event, number=BOOTH_NUMBER)
    manager = BoothStaffFactory(booth=booth, role="manager")
    visit = record_visit(
        booth=booth, badge_code=registration.badge_code, nonce="nonce-export-1", scanned_at=timezone.now()
    ).record
    Visit.objects.filter(pk=visit.pk).update(note=NOTE, tags=[TAG])
    session = ProgrammeSessionFactory(event=event, title_ko=TITLE_KO, title_en=TITLE_EN, abstract_ko=ABSTRACT)
    townhall = TownhallFactory(event=event)
    guest = GuestFactory(
        townhall=townhall,
        name=GUEST_NAME,
        organisation=ORGANISATION,
        title=GUEST_TITLE,
        dietary_needs=DIETARY,
        table=TableFactory(townhall=townhall),
    )
    organiser = UserFactory(is_staff=True, is_superuser=True)
    return {
        "event": event,
        "registration": registration,
        "booth": booth,
        "manager": manager.user,
        "session": session,
        "guest": guest,
        "organiser": organiser,
    }


def _admin_action(changelist: str, key: str):
    def fetch(client, world, file_format):
        client.force_login(world["organiser"])
        return client.post(changelist, {"action": f"export_{file_format}", "_selected_action": [world[key].pk]})

    return fetch


def _leads(client, world, file_format):
    client.force_login(world["manager"])
    return client.get(f"/aigs/booths/{world['booth'].pk}/leads.{file_format}")


def _dashboard(client, world, file_format):
    client.force_login(world["organiser"])
    return client.get(f"/aigs/booths/dashboard/?format={file_format}")


# Every export there is, with the hostile values its rows must carry.
EXPORTS = {
    "registration.registration": (
        _admin_action("/admin/registration/registration/", "registration"),
        [NAME, EMAIL, ORGANISATION],
    ),
    "programme.programmesession": (
        _admin_action("/admin/programme/programmesession/", "session"),
        [TITLE_KO, TITLE_EN, ABSTRACT],
    ),
    "townhall.guest": (
        _admin_action("/admin/townhall/guest/", "guest"),
        [GUEST_NAME, ORGANISATION, GUEST_TITLE, DIETARY],
    ),
    "booths:export-leads": (_leads, [NAME, ORGANISATION, EMAIL, NOTE, TAG]),
    "booths:dashboard": (_dashboard, [BOOTH_NUMBER]),
}


def _csv_rows(response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())  # so Excel reads the Korean as UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _xlsx_cells(response) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_csv_exports_carry_no_formula_and_keep_korean(client, world, name):
    fetch, hostile = EXPORTS[name]

    response = fetch(client, world, "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    cells = [cell for row in _csv_rows(response) for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    for value in hostile:
        assert "'" + value in cells
        assert read_cell("'" + value) == value


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_excel_exports_open_with_no_formula_and_keep_korean(client, world, name):
    fetch, hostile = EXPORTS[name]

    response = fetch(client, world, "xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    cells = _xlsx_cells(response)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    risky = [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)]
    assert all(cell.quotePrefix for cell in risky)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    for value in hostile:
        stored = value.replace("\r\n", "\n").replace("\r", "\n")  # XML keeps no carriage return
        assert stored in ([cell.value for cell in risky] if stored.startswith(FORMULA_STARTS) else texts)


def test_every_export_is_in_the_check_above():
    """A new export (an admin action export_*, a URL named export-*) must join EXPORTS."""
    admin_exports = {
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        if any(str(action).startswith("export") for action in (model_admin.actions or []))
    }
    url_exports = {
        f"{namespace}:{name}"
        for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items()
        for name in resolver.reverse_dict
        if isinstance(name, str) and name.startswith("export") and not name.endswith("-xlsx")
    }

    assert admin_exports | url_exports | {"booths:dashboard"} == set(EXPORTS)


def test_only_the_common_exporter_writes_csv():
    root = pathlib.Path(__file__).resolve().parent.parent
    writers = [
        str(path.relative_to(root))
        for app in ("common", "registration", "sessions", "booths", "townhall", "symposium")
        for path in (root / app).rglob("*.py")
        if any(marker in path.read_text() for marker in ("csv.writer", "csv.DictWriter", "text/csv"))
    ]

    assert writers == ["common/exports.py"]


def test_a_guest_export_reads_back_through_the_guest_import(client, world):

    client.force_login(world["organiser"])
    exported = client.post(
        "/admin/townhall/guest/", {"action": "export_csv", "_selected_action": [world["guest"].pk]}
    ).content
    world["guest"].delete()

    preview = preview_guest_csv(townhall=world["guest"].townhall, data=exported)

    assert preview.problems == []
    assert [(row["name"], row["organisation"], row["title"]) for row in preview.valid] == [
        (GUEST_NAME, ORGANISATION, GUEST_TITLE)
    ]
