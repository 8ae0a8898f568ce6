"""Fixtures shared by every test: a real SMTP server, headless Chromium, waiting helpers."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage

import pytest
import redis
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from playwright.sync_api import sync_playwright

from symposium.celery import app
from symposium.settings._urls import email_from_url

# Playwright's sync API runs an event loop in the test thread; the database
# calls our tests make between browser steps are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def wait_for(condition: Callable[[], object], *, timeout: float = 10, what: str = "condition"):
    """Polls condition until it returns something truthy; fails after the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


class Mailbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self._messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self.latency = 0.0  # seconds the server takes per message, to slow a batch down on purpose

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.latency:
            await asyncio.sleep(self.latency)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self._messages.append(message)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
        self.latency = 0.0

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if address in message["To"]]

    def wait_for_message_to(self, address: str, *, timeout: float = 15) -> EmailMessage:
        return wait_for(lambda: self.to(address), timeout=timeout, what=f"an email to {address}")[-1]


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def email_url(smtp_server) -> str:
    controller, _mailbox = smtp_server
    return f"smtp://127.0.0.1:{controller.port}"


@pytest.fixture(autouse=True)
def mailbox(smtp_server, email_url, settings) -> Mailbox:
    """Every test sends mail through a real SMTP server on loopback, configured by EMAIL_URL."""
    _controller, mailbox = smtp_server
    for name, value in email_from_url(email_url).items():
        setattr(settings, name, value)
    mailbox.clear()
    return mailbox


def chromium_executable() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is missing: run `make test`, which installs it, or set CHROMIUM_PATH.")
    return path


@pytest.fixture(scope="session")
def browser():

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        # The site follows the browser's Accept-Language: unless a test says otherwise,
        # its browser is set to Korean, as most attendees' phones are.
        new_context = browser.new_context

        def new_korean_context(**options):
            options.setdefault("locale", "ko-KR")
            return new_context(**options)

        browser.new_context = new_korean_context
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    """A page the size of a phone, as most attendees use."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language.

    The language middleware gives a thread its language back when the response is closed; a test that reads a
    streamed response (a download) without closing it would leave its language to every later test."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def empty_task_queue(django_db_blocker):
    """Tasks left in the test broker by an earlier run must not reach this run's worker."""

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    client.close()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker on the real Redis broker, in threads of this process, on the default queue.

    The queue is named every time: a worker started with `queues=` (the scoring worker) leaves its choice on the
    app, and the next worker started without one would listen to that queue only."""

    with start_worker(
        app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        shutdown_timeout=30,
        queues=[app.conf.task_default_queue],
    ) as worker:
        yield worker


@pytest.fixture(autouse=True)
def rate_limits_cleared():
    """Rate-limit counters live in Redis across tests and runs: every test starts from none.

    A test that counts needs it, and so does any test that signs in through the form: allauth allows 30
    sign-ins a minute from one address, and the browser tests before it may have used them."""

    client = cache._cache.get_client(write=True)
    for pattern in ("allauth:rl:*", "rl:*"):
        for key in client.scan_iter(match=cache.make_key(pattern)):
            client.delete(key)


@pytest.fixture
def celery_and_scoring_worker(transactional_db):
    """One real Celery worker for both the default and the scoring queue, for a test that needs mail and scores
    (one worker: two started at once in one process can trip over their shared broker connection)."""

    with start_worker(
        app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        shutdown_timeout=30,
        queues=[app.conf.task_default_queue, "scoring"],
    ) as worker:
        yield worker


@pytest.fixture
def scoring_worker(transactional_db):
    """A real Celery worker for the challenge's `scoring` queue only, in a thread of this process."""

    with start_worker(
        app, pool="threads", concurrency=1, perform_ping_check=False, shutdown_timeout=30, queues=["scoring"]
    ) as worker:
        yield worker
