"""Screenshots of the pages each kind of user sees, at phone and laptop size, in Korean and English.

Run against a running demo (`make run`), with the same environment, so the demo's
rows can be looked up:

    DJANGO_SETTINGS_MODULE=symposium.settings.local .venv/bin/python scripts/screenshots.py \
        --base-url http://127.0.0.1:8000 --out screenshots/after

Each page is saved as <role>-<page>-<language>-<width>.<format>, full length.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys

SIZES = {"390": (390, 844), "1366": (1366, 900)}
LANGUAGES = ("ko", "en")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _pages() -> dict[str, list[tuple[str, str]]]:
    """Path of each page, by who looks at it; looked up before the browser starts."""
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    from booths.models import Booth
    from registration.demo_accounts import DEMO_EVENT_SLUG
    from sessions.models import ProgrammeSession, Speaker
    from townhall.models import Guest

    slug = {"event_slug": DEMO_EVENT_SLUG}
    session = ProgrammeSession.objects.filter(event__slug=DEMO_EVENT_SLUG).order_by("starts_at").first()
    speaker = Speaker.objects.filter(event__slug=DEMO_EVENT_SLUG).order_by("pk").first()
    booth = Booth.objects.filter(event__slug=DEMO_EVENT_SLUG, staff__user__email="booth@example.org").first()
    guests = Guest.objects.filter(townhall__event__slug=DEMO_EVENT_SLUG).order_by("pk")

    def url(name: str, **kwargs) -> str | None:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    anonymous = [
        ("event-home", url("registration:event-home", **slug)),
        ("programme", url("programme:programme", **slug)),
        ("session", session and url("programme:session", session_id=session.pk, **slug)),
        ("speaker", speaker and url("programme:speaker", speaker_id=speaker.pk, **slug)),
        ("speakers", url("programme:speakers", **slug)),
        ("booths", url("booths:directory", **slug)),
        ("booth", booth and url("booths:booth", booth_id=booth.pk, **slug)),
        ("sign-in", url("account_login")),
        ("sign-up", url("account_signup")),
    ]
    for state in ("sent", "accepted", "waitlisted", "declined"):
        guest = guests.filter(status=state).first()
        if guest:
            anonymous.append((f"rsvp-{state}", url("townhall:rsvp", token=guest.rsvp_token)))
    attendee = [
        ("register", url("registration:register", **slug)),
        ("my-registration", url("registration:my-registration", **slug)),
        ("badge", url("registration:my-badge", **slug)),
        ("agenda", url("programme:my-agenda", **slug)),
        ("profile", url("account-profile")),
    ]
    booth_staff = []
    if booth:
        booth_staff = [
            ("scanner", url("booths:scanner", booth_id=booth.pk, **slug)),
            ("leads", url("booths:leads", booth_id=booth.pk, **slug)),
        ]
    organiser = [
        ("entrance", url("registration:entrance", **slug)),
        ("townhall-door", url("townhall-door", **slug)),
        ("booths-dashboard", url("booths:dashboard", **slug)),
        ("admin-index", url("admin:index")),
        ("admin-registrations", url("admin:registration_registration_changelist")),
        ("admin-outbox", url("admin:mail_outboundemail_changelist")),
        ("admin-guests", url("admin:townhall_guest_changelist")),
        ("admin-sessions", url("admin:programme_programmesession_changelist")),
        ("admin-booths", url("admin:booths_booth_changelist")),
    ]
    return {
        "anonymous": [(name, path) for name, path in anonymous if path],
        "attendee": [(name, path) for name, path in attendee if path],
        "booth-staff": [(name, path) for name, path in booth_staff if path],
        "organiser": [(name, path) for name, path in organiser if path],
    }


ACCOUNTS = {
    "attendee": "attendee@example.org",
    "booth-staff": "booth@example.org",
    "organiser": "organizer@example.org",
}


def _sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--format", choices=("png", "jpeg"), default="png")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposium.settings.local")
    pages = _pages()
    from playwright.sync_api import sync_playwright

    from registration.demo_accounts import DEMO_PASSWORD

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base_url = args.base_url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        for role, role_pages in pages.items():
            for language in LANGUAGES:
                for size_name, (width, height) in SIZES.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        locale="ko-KR" if language == "ko" else "en-GB",
                        device_scale_factor=1,
                    )
                    page = context.new_page()
                    page.set_default_timeout(20_000)
                    if role in ACCOUNTS:
                        _sign_in(page, base_url, ACCOUNTS[role], DEMO_PASSWORD)
                    page.goto(f"{base_url}/language/{language}/?next=/")
                    for name, path in role_pages:
                        response = page.goto(base_url + path)
                        page.wait_for_load_state("networkidle")
                        status = response.status if response else "?"
                        suffix = "jpg" if args.format == "jpeg" else "png"
                        target = out / f"{role}-{name}-{language}-{size_name}.{suffix}"
                        quality = {"quality": 55} if args.format == "jpeg" else {}
                        page.screenshot(path=str(target), full_page=True, type=args.format, **quality)
                        print(f"{status} {target}")
                    context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
