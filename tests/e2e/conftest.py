"""Fixtures of the end-to-end tests: an organiser signed in to the admin in a desktop-size Chromium."""

import pytest

from tests.factories.registration import UserFactory

ORGANISER_EMAIL = "organiser@example.org"
ORGANISER_PASSWORD = "correct horse battery"


def sign_in_to_admin(page, base_url: str, email: str, password: str) -> None:
    """Opens the admin as an organiser would: it sends them to the site's sign-in form, then back."""
    page.goto(f"{base_url}/admin/")
    page.wait_for_url(lambda url: "/accounts/login/" in url)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base_url}/admin/")


@pytest.fixture
def desktop_page(browser):
    """A page the size of an organiser's laptop screen."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def organiser(transactional_db):
    return UserFactory(email=ORGANISER_EMAIL, is_staff=True, is_superuser=True)


@pytest.fixture
def organiser_page(desktop_page, live_server, organiser):
    """An organiser signed in to the admin through its sign-in form."""
    sign_in_to_admin(desktop_page, live_server.url, ORGANISER_EMAIL, ORGANISER_PASSWORD)
    return desktop_page
