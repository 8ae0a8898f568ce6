"""The outbox sends every message once: after commit, across retries, duplicates and crashes."""

import datetime
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from mail import outbox
from mail.models import EmailStatus, OutboundEmail
from mail.tasks import deliver_emails_task
from tests.conftest import wait_for

PROJECT_ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(number: int, **fields):
    return outbox.queue_email(
        kind=fields.pop("kind", "test"),
        recipient=f"person{number}@example.org",
        object_key=fields.pop("object_key", "announcement:1"),
        language="ko",
        subject=f"안내 {number}",
        text_body="본문",
        **fields,
    )


def test_a_committed_change_sends_exactly_one_message(celery_worker, mailbox):
    with transaction.atomic():
        _queue(1)

    message = mailbox.wait_for_message_to("person1@example.org")

    assert message["Subject"].strip() == "안내 1"
    wait_for(lambda: OutboundEmail.objects.get().status == EmailStatus.SENT, what="the row marked sent")
    assert len(mailbox.messages) == 1


def test_a_rolled_back_change_sends_nothing(celery_worker, mailbox):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        _queue(1)
        raise Abort
    with transaction.atomic():
        _queue(2)  # a later message shows the worker has caught up
    mailbox.wait_for_message_to("person2@example.org")

    assert OutboundEmail.objects.count() == 1
    assert mailbox.to("person1@example.org") == []


def test_queueing_the_same_key_twice_keeps_one_row():
    first = _queue(1)
    second = _queue(1)

    assert first is not None
    assert second is None
    assert OutboundEmail.objects.count() == 1


def test_a_task_delivered_twice_sends_once(celery_worker, mailbox):
    email = _queue(1)
    mailbox.wait_for_message_to("person1@example.org")

    deliver_emails_task.delay(email_ids=[email.pk])
    deliver_emails_task.delay(email_ids=[email.pk])
    _queue(2)
    mailbox.wait_for_message_to("person2@example.org")

    assert len(mailbox.to("person1@example.org")) == 1


def test_a_refused_recipient_is_marked_failed_with_the_reason(mailbox, email_url, settings):
    email = _queue(1)
    OutboundEmail.objects.filter(pk=email.pk).update(recipient="nobody@refused.example")

    outbox.deliver([email.pk])

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert "No such mailbox" in email.last_error


def test_an_unreachable_server_puts_messages_back_for_a_retry(settings):
    email = _queue(1)
    settings.EMAIL_PORT = 9  # nothing listens on the discard port

    with pytest.raises(outbox.TransientDeliveryError):
        outbox.deliver([email.pk])

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_one(mailbox, email_url):
    mailbox.latency = 0.05
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "symposium.settings.test",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"],
        "EMAIL_URL": email_url,
    }
    command = [sys.executable, "-m", "celery", "-A", "symposium", "worker", "--pool", "solo", "-l", "warning"]

    def start_worker():
        return subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, start_new_session=True)

    worker = start_worker()
    try:
        with transaction.atomic():
            emails = [_queue(number) for number in range(40)]
        # One batch of 40: the on-commit tasks of single messages are claimed first by whichever runs.
        deliver_emails_task.delay(email_ids=[email.pk for email in emails])
        wait_for(lambda: len(mailbox.messages) >= 10, timeout=60, what="the batch under way")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        at_kill = len(mailbox.messages)

        worker = start_worker()
        OutboundEmail.objects.filter(status=EmailStatus.SENDING).update(claimed_at="2000-01-01T00:00:00Z")
        outbox.requeue_stuck()
        for batch in outbox.queued_batches():
            deliver_emails_task.delay(email_ids=batch)
        wait_for(
            lambda: OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 40,
            timeout=90,
            what="every message sent",
        )
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)

    received = Counter(message["To"] for message in mailbox.messages)
    assert at_kill < 40
    assert set(received) == {f"person{number}@example.org" for number in range(40)}
    assert sum(count - 1 for count in received.values()) <= 1
    # A message sent again is the same message: mail clients keep one copy of a Message-ID.
    message_ids = Counter(message["Message-ID"] for message in mailbox.messages)
    assert len(message_ids) == 40


def test_a_live_worker_renews_its_claim_so_the_sweeper_leaves_its_batch_alone(celery_worker, mailbox, monkeypatch):
    monkeypatch.setattr(outbox, "HEARTBEAT", datetime.timedelta(0))  # renew before every message
    mailbox.latency = 0.1
    # Rows only, so that one batch task carries them all (queue_email would send one task each).
    emails = OutboundEmail.objects.bulk_create(
        OutboundEmail(kind="test", recipient=f"person{number}@example.org", object_key="announcement:1",
                      subject=f"안내 {number}", text_body="본문")
        for number in range(30)
    )  # fmt: skip
    deliver_emails_task.delay(email_ids=[email.pk for email in emails])
    wait_for(lambda: len(mailbox.messages) >= 15, timeout=60, what="the batch well under way")

    # Claimed over a second ago, but renewed since: not stuck.
    assert outbox.requeue_stuck(stuck_after=datetime.timedelta(seconds=1)) == 0

    wait_for(lambda: OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 30, timeout=60, what="all sent")
    assert len(mailbox.messages) == 30


def test_a_killed_workers_messages_are_put_back_within_two_minutes():

    sweep_every = settings.CELERY_BEAT_SCHEDULE["sweep-stuck-emails"]["schedule"]
    assert outbox.STUCK_AFTER.total_seconds() + sweep_every <= 120
    # One slow message (connect, then data, each up to EMAIL_TIMEOUT) fits between two renewals.
    assert outbox.HEARTBEAT.total_seconds() + 2 * settings.EMAIL_TIMEOUT < outbox.STUCK_AFTER.total_seconds()
