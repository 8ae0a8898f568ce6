"""Links that sign someone in or set their password are read by their recipient only, never in the admin."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from mail import outbox
from mail.models import EmailStatus, OutboundEmail
from tests.factories.registration import UserFactory
from tests.factories.townhall import GuestFactory
from townhall.models import Guest
from townhall.services import send_invitations

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+")


def _staff_who_may_view_the_outbox(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="mail", codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def _admin_pages(client, email) -> str:
    """Everything the outbox admin shows about the message: list, search, filters, the message itself, history."""
    pages = [
        client.get("/admin/mail/outboundemail/"),
        client.get("/admin/mail/outboundemail/", {"q": email.recipient}),
        client.get("/admin/mail/outboundemail/", {"kind": email.kind}),
        client.get(f"/admin/mail/outboundemail/{email.pk}/change/"),
        client.get(f"/admin/mail/outboundemail/{email.pk}/history/"),
    ]
    assert [page.status_code for page in pages] == [200] * len(pages)
    return "".join(page.content.decode() for page in pages)


def _reset_password_of(address: str) -> OutboundEmail:
    response = Client().post("/accounts/password/reset/", {"email": address})
    assert response.status_code == 302
    return OutboundEmail.objects.get(kind="account:password_reset_key", recipient=address)


def test_a_viewer_of_the_outbox_never_sees_a_superusers_reset_link(mailbox):
    boss = UserFactory(is_staff=True, is_superuser=True)
    viewer = _staff_who_may_view_the_outbox("view_outboundemail")
    email = _reset_password_of(boss.email)
    link = RESET_LINK.search(email.text_body).group(0)
    key = link.rstrip("/").rsplit("/", 1)[-1]

    before = _admin_pages(viewer, email)
    outbox.deliver([email.pk])
    after = _admin_pages(viewer, email)

    received = mailbox.wait_for_message_to(boss.email).get_body(preferencelist=("plain",)).get_content()
    assert RESET_LINK.search(received).group(0) == link
    assert key not in before
    assert key not in after
    assert boss.email in after  # the viewer still sees that a message went, and to whom


def test_a_secret_message_is_erased_once_sent_and_hidden_even_from_superusers(mailbox):
    person = UserFactory()
    superuser = Client()
    superuser.force_login(UserFactory(is_staff=True, is_superuser=True))
    email = _reset_password_of(person.email)
    key = RESET_LINK.search(email.text_body).group(0).rstrip("/").rsplit("/", 1)[-1]

    before = _admin_pages(superuser, email)
    outbox.deliver([email.pk])

    email.refresh_from_db()
    assert (email.status, email.secret, email.text_body, email.html_body) == (EmailStatus.SENT, True, "", "")
    assert key not in before
    assert key not in _admin_pages(superuser, email)


def test_reading_other_message_bodies_needs_the_explicit_permission():
    email = outbox.queue_email(
        kind="test", recipient="person@example.org", object_key="x", language="ko",
        subject="안내", text_body="본문 ABC-123", html_body="<p>본문 ABC-123</p>",
    )  # fmt: skip
    viewer = _staff_who_may_view_the_outbox("view_outboundemail")
    reader = _staff_who_may_view_the_outbox("view_outboundemail", "view_email_bodies")

    assert "ABC-123" not in _admin_pages(viewer, email)
    assert "ABC-123" in _admin_pages(reader, email)


def test_a_secret_message_is_not_sent_again_by_the_resend_action(mailbox):
    person = UserFactory()
    email = _reset_password_of(person.email)
    outbox.deliver([email.pk])

    assert outbox.resend(emails=OutboundEmail.objects.filter(pk=email.pk)) == 0
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_a_townhall_guests_rsvp_link_is_erased_from_the_outbox_once_sent(mailbox):
    guest = GuestFactory(status="not_sent")
    superuser = Client()
    superuser.force_login(UserFactory(is_staff=True, is_superuser=True))
    send_invitations(guests=Guest.objects.filter(pk=guest.pk))
    email = OutboundEmail.objects.get(recipient=guest.email)

    outbox.deliver([email.pk])

    email.refresh_from_db()
    assert guest.rsvp_token in mailbox.wait_for_message_to(guest.email).get_body(("plain",)).get_content()
    assert (email.status, email.secret, email.text_body, email.html_body) == (EmailStatus.SENT, True, "", "")
    assert guest.rsvp_token not in _admin_pages(superuser, email)
