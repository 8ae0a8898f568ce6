"""Sign-in guessing: the admin is throttled like the site's sign-in, and per-address limits see real clients."""

import re

import pytest
from django.test import Client

from tests.factories.registration import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_limits_cleared")]

PASSWORD = "correct horse battery"
LOCKED_KO = "너무 많은 로그인 실패가 감지되었습니다. 잠시 후에 다시 시도하세요."
LOCKED_EN = "Too many failed login attempts. Try again later."


def _sign_in_form(client) -> tuple[str, str]:
    """Where /admin/ sends a signed-out organiser, and the form's name for the email field."""
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    url = response.redirect_chain[-1][0]
    field = "login" if 'name="login"' in response.text else "username"
    return url, field


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.text)


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_admin_sign_in_refuses_the_right_password_after_twelve_wrong_ones(client):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    url, field = _sign_in_form(client)

    for attempt in range(12):
        # A new address each time: the lock is on the account, not only on one address.
        client.post(url, {field: organiser.email, "password": f"guess-{attempt}"}, REMOTE_ADDR=f"203.0.113.{attempt}")
    response = client.post(url, {field: organiser.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.99")

    assert _signed_in(client) is False
    assert LOCKED_KO in _text(response)


def test_admin_lock_out_is_explained_in_english_to_english_readers(client):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.cookies["symposium_language"] = "en"
    url, field = _sign_in_form(client)

    for attempt in range(12):
        client.post(url, {field: organiser.email, "password": f"guess-{attempt}"})
    response = client.post(url, {field: organiser.email, "password": PASSWORD})

    assert _signed_in(client) is False
    assert LOCKED_EN in _text(response)


def test_an_organiser_signs_in_to_the_admin_with_the_right_password(client):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    url, field = _sign_in_form(client)

    response = client.post(url, {field: organiser.email, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200
    assert _signed_in(client) is True


def test_signed_in_attendee_opening_the_admin_is_refused_without_a_redirect_loop(client):
    attendee = UserFactory()
    client.force_login(attendee)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_admin_login_never_redirects_to_another_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def _fail_ten_sign_ins(client, **headers):
    """Ten wrong passwords for ten different accounts: only the per-address limit (10/m/ip) counts them."""
    for attempt in range(10):
        client.post("/accounts/login/", {"login": f"nobody{attempt}@example.org", "password": "wrong"}, **headers)


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_address_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"nobody{attempt}@example.org", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )

    response = client.post(
        "/accounts/login/",
        {"login": "someone-else@example.org", "password": "wrong"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )

    assert LOCKED_KO in _text(response)


def test_behind_one_trusted_proxy_each_client_address_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    _fail_ten_sign_ins(client, HTTP_X_FORWARDED_FOR="198.51.100.1", **balancer)
    person = UserFactory()

    other_client = Client().post(
        "/accounts/login/",
        {"login": person.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
        **balancer,
    )
    # What the first client writes in front of the balancer's entry changes nothing.
    first_client_again = client.post(
        "/accounts/login/",
        {"login": "another@example.org", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="192.0.2.9, 198.51.100.1",
        **balancer,
    )

    assert other_client.status_code == 302
    assert LOCKED_KO in _text(first_client_again)


def test_a_forwarded_for_with_too_few_addresses_is_answered_not_crashed(client, settings):
    settings.TRUSTED_PROXY_COUNT = 2

    response = client.post(
        "/accounts/login/",
        {"login": "nobody@example.org", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )

    assert response.status_code == 200
