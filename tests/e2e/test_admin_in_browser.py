"""Every admin action and custom admin view, clicked by an organiser in Chromium on a list with rows.

Each test ticks rows, picks the action, submits, and checks what the organiser sees (the
message, the changed row, the downloaded file) and what the database holds. The last
tests make sure nothing is left out: a new action or custom view without a test here
fails `test_every_admin_action_and_custom_view_is_covered`, and every changelist,
change form and add form of our models answers 200.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from accounts.models import User
from announcements.models import Announcement
from booths.models import Booth, DeviceToken
from booths.services import book_consultation, create_device_token, record_visit
from challenge.models import Award, DataFile, TalentPoolConsent, TermsAcceptance
from challenge.models import TeamInvitation as ChallengeTeamInvitation
from events.enums import Area
from events.models import DayQuota, Event, EventDay, Organization, TeamInvitation
from mail.models import EmailStatus, OutboundEmail
from people.models import AttendeeProfile, Consent
from registration.models import CheckInRole, EntranceCheckIn, Registration
from registration.services import cancel_registration, check_in_at_entrance, register_attendee
from sessions.models import ProgrammeSession
from tests.factories import challenge_ops as make_challenge
from tests.factories.booths import BoothFactory, BoothStaffFactory, ConsultationSlotFactory
from tests.factories.events import TeamFactory, team_member
from tests.factories.programme import (
    ProgrammeSessionFactory,
    RoomFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)
from tests.factories.registration import (
    EventDayFactory,
    EventFactory,
    OrganizationFactory,
    UserFactory,
    attendee,
)
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory
from townhall.models import Guest, Townhall
from townhall.services import send_invitations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUR_APPS = {
    "accounts",
    "events",
    "people",
    "mail",
    "announcements",
    "registration",
    "programme",
    "booths",
    "townhall",
    "challenge",
    "common",
}

# What the tests below exercise: "app.model:action:name" and "app.model:view:url_name".
COVERED: set[str] = set()


def covers(*keys: str):
    COVERED.update(keys)
    return lambda test: test


# Clicked in Chromium in their own modules: the events list's link to the retention page, and the page itself
# (tests/browser/test_retention_admin.py).
covers("events.event:view:events_event_changelist", "events.event:view:events_event_retention")
# Clicked in tests/browser/test_challenge_admin.py: scoring again, disqualifying, the answer key's upload page.
covers(
    "challenge.submission:action:rescore",
    "challenge.submission:action:mark_failed",
    "challenge.challenge:view:challenge_phase_answer_key",
)


def ko(text: str, **values) -> str:
    """The Korean text an organiser sees for one of our messages."""
    with translation.override("ko"):
        return gettext(text) % values if values else gettext(text)


def ko_date(date) -> str:
    """A date as the Korean admin writes it where room is short."""
    with translation.override("ko"):
        return date_format(date, "SHORT_DATE_FORMAT")


def ko_plural(singular: str, plural: str, count: int, **values) -> str:
    with translation.override("ko"):
        return ngettext(singular, plural, count) % {"count": count, **values}


def changelist_url(base: str, model) -> str:
    return f"{base}/admin/{model._meta.app_label}/{model._meta.model_name}/"


def run_action(page, base: str, model, action: str, rows, *, query: str = "") -> None:
    """Opens the changelist, ticks the rows, picks the action and presses the action form's button."""
    page.goto(changelist_url(base, model) + query)
    for row in rows:
        page.locator(f"input.action-select[value='{row.pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("#changelist-form button[name=index]").click()


def success_message(page):
    """An info or success message (our actions use the default info level, Django's own success)."""
    return page.locator("ul.messagelist li.info, ul.messagelist li.success")


def error_message(page):
    return page.locator("ul.messagelist li.error")


def row_of(page, text: str):
    return page.locator("#result_list tbody tr", has_text=text)


# --- Townhall ------------------------------------------------------------------------------


@covers("townhall.guest:action:send_invitations")
def test_organiser_sends_townhall_invitations_from_the_guest_list(organiser_page, live_server):
    page = organiser_page
    townhall = TownhallFactory()
    invited = [GuestFactory(townhall=townhall, status="not_sent", name=f"초대 손님 {n}") for n in range(2)]
    already = GuestFactory(townhall=townhall, status="sent", name="이미 초대됨")
    TableFactory(townhall=townhall, number=1)  # a table, so the list's join to tables has something to meet

    run_action(page, live_server.url, Guest, "send_invitations", [*invited, already])

    expect(success_message(page)).to_have_text(
        ko("%(count)d invitations queued; their progress shows in the list.", count=2)
    )
    for guest in invited:
        expect(row_of(page, guest.name).locator("td.field-invitation_progress")).to_have_text(ko("Queued"))
    expect(row_of(page, already.name).locator("td.field-invitation_progress")).to_have_text("—")
    assert sorted(Guest.objects.filter(townhall=townhall).values_list("status", flat=True)) == ["sent"] * 3
    assert sorted(OutboundEmail.objects.filter(kind="townhall_invitation").values_list("recipient", flat=True)) == (
        sorted(guest.email for guest in invited)
    )


def test_guest_list_shows_each_guests_own_invitation_status_when_ids_share_a_prefix(organiser_page, live_server):
    page = organiser_page
    townhall = TownhallFactory()
    # Ids far above the sequence, one a prefix of the other, as guest 1 and guest 12 are.
    GuestFactory(townhall=townhall, pk=7001, status="not_sent", name="손님 칠천일")
    twelve = GuestFactory(townhall=townhall, pk=70012, status="not_sent", name="손님 칠만십이")
    send_invitations(guests=Guest.objects.filter(pk=twelve.pk))
    OutboundEmail.objects.filter(recipient=twelve.email).update(status="failed")

    page.goto(changelist_url(live_server.url, Guest))

    expect(row_of(page, "손님 칠만십이").locator("td.field-invitation_progress")).to_have_text(ko("Failed"))
    expect(row_of(page, "손님 칠천일").locator("td.field-invitation_progress")).to_have_text("—")


@covers("townhall.guest:action:resend_invitation")
def test_organiser_resends_an_invitation(organiser_page, live_server):
    page = organiser_page
    guest = GuestFactory(status="not_sent", name="다시 받을 손님")
    send_invitations(guests=Guest.objects.filter(pk=guest.pk))

    run_action(page, live_server.url, Guest, "resend_invitation", [guest])

    expect(success_message(page)).to_have_text(ko("%(count)d invitations queued again.", count=1))
    assert OutboundEmail.objects.filter(kind="townhall_invitation", recipient=guest.email).count() == 2


@covers("townhall.guest:view:townhall_guest_import")
def test_organiser_previews_then_imports_a_guest_list(organiser_page, live_server):
    page = organiser_page
    townhall = TownhallFactory()
    upload = {
        "name": "guests.csv",
        "mimeType": "text/csv",
        "buffer": (
            "name,email,organisation,sector\n"
            "배경훈,kh.bae@example.org,LG AI연구원,industry\n"
            "김민서,bad-address,KAIST,academia\n"
        ).encode(),
    }
    page.goto(changelist_url(live_server.url, Guest))
    page.get_by_role("link", name=ko("Import from CSV")).click()
    page.get_by_label(ko("Townhall")).select_option(str(townhall.pk))
    page.get_by_label(ko("CSV file")).set_input_files(upload)
    page.locator("#content-main form [type=submit]").click()

    expect(page.locator("#content-main")).to_contain_text(
        ko("%(good)s rows can be imported; %(bad)s rows have problems and will be left out.", good=1, bad=1)
    )
    expect(page.locator("#content-main ul.errorlist li")).to_have_count(1)
    assert Guest.objects.filter(townhall=townhall).count() == 0

    expect(page.locator("[data-import-preview] tbody tr")).to_have_text(["배경훈kh.bae@example.orgLG AI연구원"])
    singular, plural = "Import %(count)s guest into %(townhall)s", "Import %(count)s guests into %(townhall)s"
    page.get_by_role("button", name=ko_plural(singular, plural, 1, townhall=townhall)).click()

    expect(success_message(page)).to_have_text(ko("%(count)d guests imported; %(bad)d rows left out.", count=1, bad=1))
    expect(row_of(page, "배경훈")).to_have_count(1)
    assert list(Guest.objects.filter(townhall=townhall).values_list("email", flat=True)) == ["kh.bae@example.org"]


def _seated_townhall():
    townhall = TownhallFactory(capacity=10)
    TableFactory(townhall=townhall, number=1, seats=2)
    TableFactory(townhall=townhall, number=2, seats=2)
    guests = [
        GuestFactory(
            townhall=townhall, status="accepted", name=f"참석 손님 {n}", sector=sector, organisation=f"조직 {n}"
        )
        for n, sector in enumerate(["government", "academia", "industry"])
    ]
    Townhall.objects.filter(pk=townhall.pk).update(accepted_count=3)
    return townhall, guests


def _seating_report_as_shown(townhall) -> str:
    """The report's message, worked out from where the guests sit now."""
    accepted = Guest.objects.filter(townhall=townhall, status="accepted")
    seated = accepted.filter(table__isnull=False)
    sectors = [len(set(seated.filter(table=table).values_list("sector", flat=True))) for table in townhall.tables.all()]
    return ko(
        "%(seated)d seated, %(unseated)d without a seat; sectors per table from %(low)d to %(high)d; "
        "%(pairs)d pairs of colleagues share a table.",
        seated=seated.count(),
        unseated=accepted.filter(table__isnull=True).count(),
        low=min(sectors),
        high=max(sectors),
        pairs=0,
    )


@covers("townhall.townhall:action:seat_guests")
def test_organiser_seats_the_accepted_guests_and_reads_the_report(organiser_page, live_server):
    page = organiser_page
    townhall, _guests = _seated_townhall()

    run_action(page, live_server.url, Townhall, "seat_guests", [townhall])

    expect(success_message(page)).to_have_text(_seating_report_as_shown(townhall))
    assert Guest.objects.filter(townhall=townhall, table__isnull=False).count() == 3


@covers("townhall.townhall:action:seat_guests")
def test_seating_more_guests_than_seats_warns_the_organiser(organiser_page, live_server):
    page = organiser_page
    townhall, _guests = _seated_townhall()
    GuestFactory(townhall=townhall, status="accepted", name="네 번째 손님", sector="government")
    GuestFactory(townhall=townhall, status="accepted", name="다섯 번째 손님", sector="academia")

    run_action(page, live_server.url, Townhall, "seat_guests", [townhall])

    expect(page.locator("ul.messagelist li.warning")).to_have_text(_seating_report_as_shown(townhall))
    assert Guest.objects.filter(townhall=townhall, table__isnull=True).count() == 1


@covers("townhall.townhall:view:townhall_townhall_chart", "townhall.townhall:view:townhall_townhall_cards")
def test_organiser_prints_the_seating_chart_and_the_name_cards(organiser_page, live_server):
    page = organiser_page
    townhall, guests = _seated_townhall()
    Guest.objects.filter(pk=guests[0].pk).update(table=townhall.tables.get(number=1))
    Guest.objects.filter(pk=guests[1].pk).update(table=townhall.tables.get(number=2))
    GuestFactory(townhall=townhall, status="declined", name="오지 않는 손님", table=townhall.tables.get(number=2))

    page.goto(changelist_url(live_server.url, Townhall))
    page.get_by_role("link", name=ko("Seating chart")).click()

    expect(page.locator(".chart-table")).to_have_count(2)
    expect(page.locator(".chart-table").nth(0).locator("li")).to_have_count(1)
    expect(page.locator(".chart-table").nth(0)).to_contain_text(guests[0].name)
    expect(page.locator(".chart-table").nth(1).locator("li")).to_have_count(1)
    expect(page.locator(".chart-table").nth(1)).to_contain_text(guests[1].name)
    expect(page.get_by_text("오지 않는 손님")).to_have_count(0)

    page.go_back()
    page.get_by_role("link", name=ko("Name cards")).click()

    expect(page.locator(".name-card")).to_have_count(3)
    expect(page.locator(".name-card h1")).to_have_text([*sorted(g.name for g in guests[:2]), guests[2].name])
    expect(page.locator(".name-card svg")).to_have_count(3)


# --- Registration -------------------------------------------------------------------------


def _event(capacity: int = 10, **fields):
    event = EventFactory(**fields)
    day = EventDayFactory(event=event, date=event.start_date, capacity=capacity)
    return event, day


def _register(event, **profile_fields) -> Registration:
    return register_attendee(event=event, user=attendee(**profile_fields), dates=[event.start_date])


def _day_status_cell(page, registration):
    return row_of(page, registration.badge_code).locator("td.field-day_statuses")


def _statuses(registration) -> list[str]:
    return list(registration.days.values_list("status", flat=True))


@covers("registration.registration:action:approve")
def test_organiser_approves_a_pending_registration(organiser_page, live_server):
    page = organiser_page
    event, day = _event(approval_categories=["press"])
    pending = _register(event, category="press")
    assert _statuses(pending) == ["pending"]

    run_action(page, live_server.url, Registration, "approve", [pending])

    expect(success_message(page)).to_have_text(ko("%(count)d registrations approved.", count=1))
    expect(_day_status_cell(page, pending)).to_have_text(f"{ko_date(day.date)} {ko('Confirmed')}")
    assert _statuses(pending) == ["confirmed"]


@covers("registration.registration:action:reject")
def test_organiser_rejects_a_pending_registration(organiser_page, live_server):
    page = organiser_page
    event, day = _event(approval_categories=["press"])
    pending = _register(event, category="press")

    run_action(page, live_server.url, Registration, "reject", [pending])

    expect(success_message(page)).to_have_text(ko("%(count)d registrations rejected.", count=1))
    expect(_day_status_cell(page, pending)).to_have_text(f"{ko_date(day.date)} {ko('Not approved')}")
    assert _statuses(pending) == ["rejected"]


@covers("registration.registration:action:cancel")
def test_organiser_cancels_a_registration_and_the_waitlist_moves_up(organiser_page, live_server):
    page = organiser_page
    event, day = _event(capacity=1)
    seated, waiting = _register(event), _register(event)
    assert _statuses(waiting) == ["waitlisted"]

    run_action(page, live_server.url, Registration, "cancel", [seated])

    expect(success_message(page)).to_have_text(ko("%(count)d registrations cancelled; the waitlist moved up.", count=1))
    expect(_day_status_cell(page, waiting)).to_have_text(f"{ko_date(day.date)} {ko('Confirmed')}")
    expect(row_of(page, seated.badge_code).locator("td.field-cancelled_at")).not_to_have_text("-")
    seated.refresh_from_db()
    assert seated.cancelled_at is not None
    assert _statuses(waiting) == ["confirmed"]
    assert EventDay.objects.get(pk=day.pk).confirmed_count == 1


@covers("registration.registration:action:promote")
def test_organiser_promotes_from_the_waitlist_once_a_seat_is_free(organiser_page, live_server):
    page = organiser_page
    event, day = _event(capacity=1)
    _register(event)
    waiting = _register(event)
    EventDay.objects.filter(pk=day.pk).update(capacity=2)

    run_action(page, live_server.url, Registration, "promote", [waiting])

    expect(success_message(page)).to_have_text(ko("%(count)d registrations promoted.", count=1))
    expect(_day_status_cell(page, waiting)).to_have_text(f"{ko_date(day.date)} {ko('Confirmed')}")
    assert _statuses(waiting) == ["confirmed"]


@covers("registration.registration:action:resend_confirmation")
def test_organiser_resends_a_confirmation(organiser_page, live_server):
    page = organiser_page
    event, _day = _event()
    registration = _register(event)
    before = OutboundEmail.objects.filter(recipient=registration.user.email).count()

    run_action(page, live_server.url, Registration, "resend_confirmation", [registration])

    expect(success_message(page)).to_have_text(ko("%(count)d confirmations queued.", count=1))
    assert OutboundEmail.objects.filter(recipient=registration.user.email).count() == before + 1


def _read_download(download) -> list[dict]:
    return list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))


def _read_xlsx_download(download) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True).active
    header, *rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


@covers("registration.registration:action:export_xlsx")
def test_organiser_exports_the_selected_registrations_as_excel(organiser_page, live_server):
    page = organiser_page
    event, day = _event()
    chosen, _other = _register(event), _register(event)

    with page.expect_download() as download_info:
        run_action(page, live_server.url, Registration, "export_xlsx", [chosen])

    download = download_info.value
    rows = _read_xlsx_download(download)
    profile = chosen.user.attendee_profile
    assert download.suggested_filename == "registrations.xlsx"
    assert [(row["badge_code"], row["name"], row["email"], row["days"]) for row in rows] == [
        (chosen.badge_code, profile.full_name, chosen.user.email, f"{day.date} confirmed")
    ]


@covers("townhall.guest:action:export_csv", "townhall.guest:action:export_xlsx")
@pytest.mark.parametrize(("action", "reader"), [("export_csv", _read_download), ("export_xlsx", _read_xlsx_download)])
def test_organiser_exports_the_selected_guests(organiser_page, live_server, action, reader):
    page = organiser_page
    townhall = TownhallFactory(event=_event()[0])
    chosen = GuestFactory(townhall=townhall, name="=김민수", organisation="과학기술정보통신부")
    GuestFactory(townhall=townhall, name="이서연")

    with page.expect_download() as download_info:
        run_action(page, live_server.url, Guest, action, [chosen])

    rows = reader(download_info.value)
    # A name that starts like a formula is written as text, never as a live formula.
    assert [(row["name"], row["organisation"], row["email"]) for row in rows] == [
        ("'=김민수" if action == "export_csv" else "=김민수", "과학기술정보통신부", chosen.email)
    ]


@covers("registration.registration:action:export_csv")
def test_organiser_exports_the_selected_registrations_as_csv(organiser_page, live_server):
    page = organiser_page
    event, day = _event()
    chosen, other = _register(event), _register(event)

    with page.expect_download() as download_info:
        run_action(page, live_server.url, Registration, "export_csv", [chosen])

    download = download_info.value
    rows = _read_download(download)
    profile = chosen.user.attendee_profile
    assert download.suggested_filename == "registrations.csv"
    assert [(row["badge_code"], row["name"], row["email"], row["organisation"], row["days"]) for row in rows] == [
        (chosen.badge_code, profile.full_name, chosen.user.email, profile.organization.name, f"{day.date} confirmed")
    ]
    assert other.badge_code not in {row["badge_code"] for row in rows}


@covers(
    "registration.registration:action:print_selected_badges",
    "registration.registration:action:print_selected_name_badges",
)
@pytest.mark.parametrize(
    ("action", "size"), [("print_selected_badges", "a6"), ("print_selected_name_badges", "namebadge")]
)
def test_organiser_prints_the_badges_of_the_selected(organiser_page, live_server, action, size):
    page = organiser_page
    event, _day = _event()
    chosen, _other = _register(event), _register(event)

    run_action(page, live_server.url, Registration, action, [chosen])

    expect(page.locator("body")).to_have_class(f"badges badges--{size}")
    expect(page.locator("article.badge")).to_have_count(1)
    expect(page.locator(".badge__name")).to_have_text(chosen.user.attendee_profile.full_name)
    expect(page.locator(".badge__code")).to_have_text(chosen.grouped_badge_code)
    expect(page.locator(".badge__qr svg")).to_have_count(1)


@covers("events.eventday:action:print_badges_of_days", "events.eventday:action:print_name_badges_of_days")
@pytest.mark.parametrize(
    ("action", "size"), [("print_badges_of_days", "a6"), ("print_name_badges_of_days", "namebadge")]
)
def test_organiser_prints_the_badges_of_everyone_confirmed_on_a_day(organiser_page, live_server, action, size):
    page = organiser_page
    event, day = _event(capacity=2)
    confirmed = [_register(event), _register(event)]
    _register(event)  # waitlisted: no badge to print yet

    run_action(page, live_server.url, EventDay, action, [day])

    expect(page.locator("body")).to_have_class(f"badges badges--{size}")
    expect(page.locator(".badge__code")).to_have_text(
        [r.grouped_badge_code for r in sorted(confirmed, key=lambda r: r.user.attendee_profile.full_name)]
    )


@covers("events.organization:action:merge_selected")
def test_organiser_merges_duplicate_organisations_into_the_verified_one(organiser_page, live_server):
    page = organiser_page
    verified = OrganizationFactory(name_ko="서울대학교", name_en="Seoul National University", is_verified=True)
    duplicate = OrganizationFactory(name_ko="서울대", name_en="SNU", is_verified=False)
    person = attendee(organization=duplicate)

    run_action(page, live_server.url, Organization, "merge_selected", [verified, duplicate])

    expect(success_message(page)).to_have_text(
        ko_plural(
            "%(count)d organisation merged into %(target)s.",
            "%(count)d organisations merged into %(target)s.",
            1,
            target=str(verified),
        )
    )
    expect(row_of(page, "서울대학교")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_have_count(
        Organization.objects.count()
    )  # the duplicate is gone from the list
    assert not Organization.objects.filter(pk=duplicate.pk).exists()
    assert AttendeeProfile.objects.get(user=person).organization == verified


@covers("events.organization:action:merge_selected")
def test_merging_without_exactly_one_verified_organisation_explains_and_changes_nothing(organiser_page, live_server):
    page = organiser_page
    first = OrganizationFactory(is_verified=False)
    second = OrganizationFactory(is_verified=False)

    run_action(page, live_server.url, Organization, "merge_selected", [first, second])

    expect(error_message(page)).to_have_text(
        ko("Select exactly one verified organisation to keep, together with its duplicates.")
    )
    assert Organization.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


@covers("events.event:view:events_event_capacity")
def test_organiser_opens_the_capacity_overview_from_the_event_list(organiser_page, live_server):
    page = organiser_page
    event, day = _event(capacity=2, name_ko="용량 행사")
    _register(event, category="student")
    _register(event, category="industry")
    _register(event, category="industry")
    DayQuota.objects.create(day=day, category="student", seats=1)

    page.goto(changelist_url(live_server.url, Event))
    row_of(page, "용량 행사").get_by_role("link", name=ko("Capacity overview")).click()

    expect(page.locator("h1 .page-title")).to_have_text(ko("Capacity overview: %(event)s", event=str(event)))
    expect(page.locator("tfoot tr").first.locator("td")).to_have_text("2 / 1 / 0 / 0")
    expect(page.locator("tbody tr", has_text=ko("Industry")).locator("td")).to_have_text("1 / 1 / 0")
    expect(page.locator("tbody tr", has_text=ko("Student")).locator("td")).to_have_text("1 / 0 / 0")
    expect(page.locator("tfoot tr").nth(1).locator("td")).to_have_text(f"{ko('Student')}: 1")


def _announcement(event) -> Announcement:
    return Announcement.objects.create(
        event=event,
        segment="all_confirmed",
        subject_ko="점심 안내",
        subject_en="About lunch",
        body_ko="점심은 12시입니다.",
        body_en="Lunch is at noon.",
    )


@covers("announcements.announcement:action:send")
def test_organiser_previews_then_sends_an_announcement(organiser_page, live_server):
    page = organiser_page
    event, _day = _event()
    confirmed = _register(event)
    announcement = _announcement(event)

    page.goto(f"{changelist_url(live_server.url, Announcement)}{announcement.pk}/change/")
    preview = page.locator(".field-preview")
    expect(preview).to_contain_text("점심은 12시입니다.")
    expect(preview).to_contain_text("Lunch is at noon.")
    expect(page.locator(".field-recipient_count .readonly")).to_have_text("1")

    cancel_registration(registration=_register(event))  # not among the recipients
    run_action(page, live_server.url, Announcement, "send", [announcement])

    expect(page.locator(f"tr[data-announcement='{announcement.pk}'] [data-recipient-count]")).to_have_text("1")
    assert OutboundEmail.objects.filter(kind="announcement").count() == 0  # nothing goes before the button
    send = ko_plural("Send to %(total)s person", "Send to %(total)s people", 1, total=1)
    page.get_by_role("button", name=send).click()

    expect(success_message(page)).to_have_text(
        ko("“%(subject)s”: %(count)d messages queued; progress shows in the list.", subject="점심 안내", count=1)
    )
    expect(row_of(page, "점심 안내").locator("td.field-progress")).to_have_text(
        ko("%(sent)d of %(total)d sent, %(failed)d failed", sent=0, total=1, failed=0)
    )
    announcement.refresh_from_db()
    assert announcement.queued_at is not None
    assert list(OutboundEmail.objects.filter(kind="announcement").values_list("recipient", flat=True)) == [
        confirmed.user.email
    ]


# --- Programme ----------------------------------------------------------------------------


@covers("programme.programmesession:action:publish", "programme.programmesession:action:unpublish")
def test_organiser_publishes_and_unpublishes_sessions(organiser_page, live_server):
    page = organiser_page
    session = ProgrammeSessionFactory(is_published=False, title_ko="공개할 발표")

    run_action(page, live_server.url, ProgrammeSession, "publish", [session])

    expect(success_message(page)).to_have_text(ko("%(count)d sessions published.", count=1))
    expect(row_of(page, "공개할 발표").locator("td.field-is_published [title]")).to_have_attribute("title", ko("True"))
    assert ProgrammeSession.objects.get(pk=session.pk).is_published is True

    run_action(page, live_server.url, ProgrammeSession, "unpublish", [session])

    expect(success_message(page)).to_have_text(ko("%(count)d sessions unpublished.", count=1))
    expect(row_of(page, "공개할 발표").locator("td.field-is_published [title]")).to_have_attribute("title", ko("False"))
    assert ProgrammeSession.objects.get(pk=session.pk).is_published is False


@covers("programme.programmesession:action:duplicate")
def test_organiser_duplicates_a_session(organiser_page, live_server):
    page = organiser_page
    session = ProgrammeSessionFactory(title_ko="복사할 발표", room=None)
    session.room = RoomFactory(event=session.event)
    session.save()

    run_action(page, live_server.url, ProgrammeSession, "duplicate", [session])

    copy_title = ko("%(title)s (copy)", title="복사할 발표")
    expect(success_message(page)).to_have_text(ko("%(count)d sessions duplicated.", count=1))
    expect(row_of(page, copy_title)).to_have_count(1)
    copy = ProgrammeSession.objects.get(title_ko=copy_title)
    assert (copy.room, copy.is_published, copy.starts_at) == (None, False, session.starts_at)


@covers("programme.programmesession:action:export_xlsx")
def test_organiser_exports_the_programme_as_excel(organiser_page, live_server):
    page = organiser_page
    event = EventFactory(slug="export-me")
    first = ProgrammeSessionFactory(event=event, title_ko="첫 발표")

    with page.expect_download() as download_info:
        run_action(page, live_server.url, ProgrammeSession, "export_xlsx", [first])

    download = download_info.value
    assert download.suggested_filename == "export-me-programme.xlsx"
    assert [(row["title_ko"], row["start"]) for row in _read_xlsx_download(download)] == [("첫 발표", "10:00")]


@covers("programme.programmesession:action:export_csv")
def test_organiser_exports_the_programme_as_csv(organiser_page, live_server):
    page = organiser_page
    event = EventFactory(slug="export-me")
    room = RoomFactory(event=event, name_en="Hall A")
    first = ProgrammeSessionFactory(event=event, title_ko="첫 발표", room=room)
    ProgrammeSessionFactory(event=event, title_ko="둘째 발표", starts_at=at(event, 0, "11:00"))

    with page.expect_download() as download_info:
        run_action(page, live_server.url, ProgrammeSession, "export_csv", [first])

    download = download_info.value
    rows = _read_download(download)
    assert download.suggested_filename == "export-me-programme.csv"
    assert [(row["title_ko"], row["start"], row["room"]) for row in rows] == [
        ("첫 발표", "10:00", rows[0]["room"]),
        ("둘째 발표", "11:00", ""),
    ]
    assert rows[0]["room"] in {"Hall A", room.name_ko}


@covers("programme.programmesession:view:programme_programmesession_import")
def test_organiser_imports_a_programme_and_a_bad_file_imports_nothing(organiser_page, live_server):
    page = organiser_page
    event = EventFactory(name_ko="가져올 행사")
    RoomFactory(event=event, name_en="Hall A")
    header = "kind,title_ko,title_en,date,start,end,room,track,language,seat_limit,is_published\n"
    good = header + (
        f"research_presentation,가져온 발표,Imported talk,{event.start_date},10:00,10:30,Hall A,,ko,,yes\n"
        f"research_presentation,둘째 가져온 발표,Second,{event.start_date},11:00,11:30,Hall A,,ko,40,no\n"
    )
    bad = header + f"research_presentation,잘못된 발표,Bad,{event.start_date},10:00,10:30,Nowhere,,ko,,yes\n"

    def upload(text: str):
        page.goto(changelist_url(live_server.url, ProgrammeSession))
        page.get_by_role("link", name=ko("Import from CSV")).click()
        page.get_by_label(ko("Event")).select_option(str(event.pk))
        page.get_by_label(ko("CSV file")).set_input_files(
            {"name": "programme.csv", "mimeType": "text/csv", "buffer": text.encode()}
        )
        page.locator("#content-main form [type=submit]").click()

    upload(bad)
    expect(page.locator(".errornote li")).to_have_count(1)
    expect(page.locator(".errornote li")).to_contain_text("Nowhere")
    assert ProgrammeSession.objects.filter(event=event).count() == 0

    upload(good)
    expect(page.locator("[data-import-preview] tbody tr")).to_have_count(2)
    assert ProgrammeSession.objects.filter(event=event).count() == 0  # a preview saves nothing
    page.get_by_role("button", name=ko("Import"), exact=True).click()
    expect(success_message(page)).to_have_text(ko("%(count)d sessions imported.", count=2))
    expect(row_of(page, "둘째 가져온 발표")).to_have_count(1)
    assert sorted(ProgrammeSession.objects.filter(event=event).values_list("title_ko", "seat_limit")) == [
        ("가져온 발표", None),
        ("둘째 가져온 발표", 40),
    ]


# --- Booths and the outbox ------------------------------------------------------------------


@covers("booths.booth:action:publish", "booths.booth:action:unpublish")
def test_organiser_publishes_and_unpublishes_booths(organiser_page, live_server):
    page = organiser_page
    booth = BoothFactory(is_published=False, name_ko="공개할 부스")

    run_action(page, live_server.url, Booth, "publish", [booth])

    expect(row_of(page, "공개할 부스").locator("td.field-is_published [title]")).to_have_attribute("title", ko("True"))
    assert Booth.objects.get(pk=booth.pk).is_published is True

    run_action(page, live_server.url, Booth, "unpublish", [booth])

    expect(row_of(page, "공개할 부스").locator("td.field-is_published [title]")).to_have_attribute("title", ko("False"))
    assert Booth.objects.get(pk=booth.pk).is_published is False


@covers("mail.outboundemail:action:resend")
def test_organiser_resends_a_failed_email(organiser_page, live_server):
    page = organiser_page
    failed = OutboundEmail.objects.create(
        kind="test", recipient="bounced@example.org", object_key="x:1", subject="실패한 메일", text_body="본문",
        status="failed", last_error="550 mailbox unavailable",
    )  # fmt: skip

    run_action(page, live_server.url, OutboundEmail, "resend", [failed])

    expect(success_message(page)).to_have_text(ko("%(count)d messages queued again.", count=1))
    expect(row_of(page, "bounced@example.org").locator("td.field-status_label")).to_have_text(ko("Queued"))
    failed.refresh_from_db()
    assert (failed.status, failed.last_error) == ("queued", "")


@covers("mail.outboundemail:view:mail_outboundemail_changelist")
def test_the_outbox_list_counts_messages_by_status(organiser_page, live_server):
    page = organiser_page
    for n, status in enumerate(["sent", "sent", "failed", "queued"]):
        OutboundEmail.objects.create(
            kind="test", recipient=f"r{n}@example.org", object_key=f"x:{n}", subject="메일", text_body="본문",
            status=status,
        )  # fmt: skip

    page.goto(changelist_url(live_server.url, OutboundEmail))

    counts = Counter(OutboundEmail.objects.values_list("status", flat=True))
    expect(page.locator("#content p.help").first).to_have_text(
        " · ".join(f"{ko(label)}: {counts.get(value, 0)}" for value, label in EmailStatus.choices)
    )
    expect(page.locator("#result_list tbody tr")).to_have_count(4)


# --- Nothing left out -------------------------------------------------------------------------


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _organiser_request():
    request = RequestFactory().get("/admin/")
    request.user = User(email="organiser@example.org", is_staff=True, is_superuser=True, is_active=True)
    return request


def our_model_admins() -> list:
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in OUR_APPS
        ),
        key=lambda pair: _label(pair[0]),
    )


def admin_surface() -> set[str]:
    """Every action and every URL our admin classes add to Django's own."""
    request = _organiser_request()
    surface = set()
    for model, model_admin in our_model_admins():
        surface |= {f"{_label(model)}:action:{name}" for name in model_admin.get_actions(request)}
        surface |= {
            f"{_label(model)}:view:{url.name}"
            for url in model_admin.get_urls()
            if not url.callback.__module__.startswith(("django.", "unfold."))  # Django's and the theme's own
        }
    return surface


DELETABLE = sorted(key.split(":")[0] for key in admin_surface() if key.endswith(":action:delete_selected"))
COVERED.update(f"{label}:action:delete_selected" for label in DELETABLE)


def test_every_admin_action_and_custom_view_is_covered():
    surface = admin_surface()

    assert sorted(surface - COVERED) == [], "add a test here for each new admin action or custom admin view"
    assert sorted(COVERED - surface) == []


@pytest.fixture
def every_model_with_a_row(organiser):
    """At least one row of every model our admin shows, made as the app makes them."""
    event, _day = _event()
    registration = _register(event, share_with_booths=True)
    check_in_at_entrance(
        event=event, badge_code=registration.badge_code, nonce="entrance-1", scanned_at=at(event, 0, "09:00")
    )
    booth = BoothFactory(event=event)
    BoothStaffFactory(booth=booth)
    book_consultation(user=registration.user, slot=ConsultationSlotFactory(booth=booth), agrees_to_share_name=True)
    record_visit(booth=booth, badge_code=registration.badge_code, nonce="visit-1", scanned_at=at(event, 0, "10:00"))
    _token, device = create_device_token(booth=booth, name="입구 폰", created_by=organiser)
    room, track = RoomFactory(event=event), TrackFactory(event=event)
    session = ProgrammeSessionFactory(event=event, room=room, track=track)
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(event=event))
    townhall = TownhallFactory(event=event)
    guest = GuestFactory(townhall=townhall, table=TableFactory(townhall=townhall), status="not_sent")
    send_invitations(guests=Guest.objects.filter(pk=guest.pk))
    CheckInRole.objects.create(user=UserFactory(), event=event, kind="entrance")
    _announcement(event)
    team = TeamFactory(areas=[Area.PROGRAMME])
    team_member(team=team)
    TeamInvitation.objects.create(team=team, email="invited@example.org")
    _challenge_rows(event, registration.user)
    rows = {
        model: model.objects.order_by("-pk").first()
        for model in [
            User, Organization, Event, EventDay, Registration, AttendeeProfile, Consent, Announcement, CheckInRole,
            EntranceCheckIn, ProgrammeSession, Townhall, Guest, OutboundEmail,
        ]
    }  # fmt: skip
    rows.update({type(device): device, type(room): room, type(track): track, type(booth): booth})
    rows.update({model: model.objects.first() for model, _admin in our_model_admins() if model not in rows})
    assert [model for model, row in rows.items() if row is None] == []
    return rows


def test_every_changelist_change_form_and_add_form_answers_200(organiser_page, live_server, every_model_with_a_row):
    page = organiser_page
    request = _organiser_request()
    failures = []
    for model, model_admin in our_model_admins():
        base = changelist_url(live_server.url, model)
        urls = [base, f"{base}{every_model_with_a_row[model].pk}/change/"]
        if model_admin.search_fields:
            urls.append(f"{base}?q=1")
        if model_admin.has_add_permission(request):
            urls.append(f"{base}add/")
        for url in urls:
            response = page.goto(url)
            if response.status != 200:
                failures.append((url.removeprefix(live_server.url), response.status))
        expect(page.locator("#content")).to_be_visible()

    assert failures == []


def _challenge_rows(event, person) -> None:
    """A challenge with one of each of its rows: a talent pool consent protects it, an award its team."""
    challenge = make_challenge.challenge(event=event)
    phase = make_challenge.phase(challenge=challenge)
    DataFile.objects.create(
        challenge=challenge, kind="training", title_ko="학습", title_en="Training", file="data/x.csv"
    )
    team = make_challenge.team(challenge=challenge, members=[person])
    ChallengeTeamInvitation.objects.create(team=team, email="invited-to-team@example.org", invited_by=person)
    make_challenge.submission(team=team, phase=phase)
    Award.objects.create(challenge=challenge, team=team, name_ko="장관상", name_en="Minister's award")
    TermsAcceptance.objects.create(challenge=challenge, user=person, version="1")
    TalentPoolConsent.objects.create(
        challenge=challenge, user=person, granted=True, text_version="1", company_name="LG AI Research"
    )


# Rows other rows refer to with on_delete=PROTECT: the admin explains instead of deleting them.
PROTECTED = {
    "challenge.challenge": lambda: make_challenge.challenge(),
    "challenge.challengeteam": lambda: make_challenge.team(challenge=make_challenge.challenge()),
    "programme.room": RoomFactory,
    "events.event": EventFactory,
    "events.eventday": EventDayFactory,
    "events.organization": OrganizationFactory,
}


def _delete_in_the_admin(page, base: str, model, row) -> None:
    run_action(page, base, model, "delete_selected", [row])
    expect(page.locator("h1 .page-title")).to_have_text(ko("Delete multiple objects"))
    page.locator("#content form [type=submit]").click()  # "Yes, I'm sure"


@pytest.mark.parametrize("label", DELETABLE)
def test_organiser_deletes_a_row_of_each_model(organiser_page, live_server, every_model_with_a_row, label):
    page = organiser_page
    model = next(model for model, _admin in our_model_admins() if _label(model) == label)
    row = every_model_with_a_row[model]
    if model is User:
        row = User.objects.exclude(email="organiser@example.org").order_by("-pk").first()
    if label in PROTECTED:
        run_action(page, live_server.url, model, "delete_selected", [row])
        expect(page.locator("h1 .page-title")).to_have_text(ko("Cannot delete %(name)s", name=model._meta.verbose_name))
        expect(page.locator("#content")).to_contain_text(
            ko(
                "Deleting the selected %(objects_name)s would require deleting the following protected related "
                "objects:",
                objects_name=model._meta.verbose_name,
            )
        )
        assert model.objects.filter(pk=row.pk).exists()
        row = PROTECTED[label]()  # one nothing refers to
    count = model.objects.count()

    _delete_in_the_admin(page, live_server.url, model, row)

    expect(success_message(page)).to_have_count(1)
    assert not model.objects.filter(pk=row.pk).exists()
    assert model.objects.count() == count - 1


def test_scanner_devices_are_not_added_in_the_admin_where_no_token_could_be_shown(client, organiser):
    booth = BoothFactory()
    client.force_login(organiser)

    answers = [
        client.post("/admin/booths/devicetoken/add/", {"booth": booth.pk, "name": f"폰 {n}"}).status_code
        for n in range(2)
    ]

    assert answers == [403, 403]  # a manager creates them on the booth's leads page, which shows the token once
    assert DeviceToken.objects.count() == 0
