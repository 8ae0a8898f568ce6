"""Benchmark: 10,000 outbox messages to a local SMTP server through the default Celery worker.

    .venv/bin/python -m bench.email_batch [--messages 10000]

Uses a separate database (symposium_bench) and Redis database 3, starts an
aiosmtpd server on loopback and `celery worker` as `make run` does, queues the
messages as rows, hands them to the worker in batches (one SMTP connection per
batch) and reports how long until the SMTP server has them all. Target: under
60 seconds on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from symposium.embedded import ensure_services, stop_services

ROOT = Path(__file__).resolve().parent.parent


class CountingHandler:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()

    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    base_db = os.environ.get("DATABASE_URL") or services.database_url
    base_redis = os.environ.get("REDIS_URL") or services.redis_url
    from bench.programme import _database_url, _ensure_database

    database_url = _database_url(base_db, "symposium_bench")
    _ensure_database(database_url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    handler = CountingHandler()
    smtp = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "symposium.settings.local",
            "DATABASE_URL": database_url,
            "REDIS_URL": base_redis.rsplit("/", 1)[0] + "/3",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "LOG_LEVEL": "WARNING",
        }
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    import redis

    from mail.models import EmailStatus, OutboundEmail
    from mail.outbox import queued_batches
    from mail.tasks import deliver_emails_task

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    OutboundEmail.objects.filter(kind="bench").delete()
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                kind="bench",
                recipient=f"person{number}@example.org",
                object_key="bench",
                subject=f"[2022 인공지능대학원 심포지엄] 안내 {number}",
                text_body="내일 코엑스에서 뵙겠습니다.\n" * 20,
                html_body="<p>내일 코엑스에서 뵙겠습니다.</p>" * 20,
            )
            for number in range(args.messages)
        ],
        batch_size=2000,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "symposium", "worker", "-l", "warning"],
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        started = time.monotonic()
        for batch in queued_batches():
            deliver_emails_task.delay(email_ids=batch)
        deadline = started + 300
        while handler.count < args.messages and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        sent = OutboundEmail.objects.filter(kind="bench", status=EmailStatus.SENT).count()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        smtp.stop()
        stop_services(services.owned)
    rate = handler.count / elapsed if elapsed else 0
    print(f"\n{handler.count} messages received by SMTP, {sent} marked sent, in {elapsed:.1f} s ({rate:.0f}/s)")
    met = handler.count >= args.messages and elapsed <= 60
    print(f"Target: {args.messages} within 60 s: {'met' if met else 'NOT met'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
