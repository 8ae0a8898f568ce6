"""Every admin action and custom admin view, clicked by an organiser in Chromium on a list with rows.

Each test ticks rows, picks the action, submits, and checks what the organiser sees (the
message, the changed row, the downloaded file) and what the database holds. The last
tests make sure nothing is left out: a new action or custom view without a test here
fails `test_every_admin_action_and_custom_view_is_covered`, and every changelist,
change form and add form of our models answers 200.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from common.models import OutboundEmail
from tests.factories.townhall import GuestFactory, TableFactory, TownhallFactory
from townhall.models import Guest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUR_APPS = {"registration", "programme", "booths", "townhall", "common"}

# What the tests below exercise: "app.model:action:name" and "app.model:view:url_name".
COVERED: set[str] = set()


def covers(*keys: str):
    COVERED.update(keys)
    return lambda test: test


def ko(text: str, **values) -> str:
    """The Korean text an organiser sees for one of our messages."""
    with translation.override("ko"):
        return gettext(text) % values if values else gettext(text)


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
    from townhall.services import send_invitations

    send_invitations(guests=Guest.objects.filter(pk=twelve.pk))
    OutboundEmail.objects.filter(recipient=twelve.email).update(status="failed")

    page.goto(changelist_url(live_server.url, Guest))

    expect(row_of(page, "손님 칠만십이").locator("td.field-invitation_progress")).to_have_text(ko("Failed"))
    expect(row_of(page, "손님 칠천일").locator("td.field-invitation_progress")).to_have_text("—")
