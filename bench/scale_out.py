"""Scale-out proof: two web processes and two Celery workers on one PostgreSQL and one Redis.

    .venv/bin/python -m bench.scale_out

Starts gunicorn (production settings, two sync workers each) on two ports, two
Celery workers and beat, and a real SMTP server (aiosmtpd). Clients are spread
over both web processes, all released at once, and each race must stay exact:

- registration: 200 signed-in people, 100 seats: 100 confirmed, 100 waitlisted
- townhall: 200 invited guests accept, 120 seats: 120 accepted, 80 waitlisted
- consultation: 20 registered people book one one-seat slot: 1 booking
- scans: the same scan (badge and nonce) replayed 20 times at each of two booths: 1 visit each
- outbox: 400 emails, one worker SIGKILLed mid-way and started again: every row
  sent, one Message-ID per key, and the killed worker's messages out within
  two minutes of the kill (a claim not renewed for 90 s is put back by the
  sweeper, which runs every 15 s).

Prints each figure and whether it holds; writes them to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.browser import Client
from bench.programme import production_environment
from symposium.embedded import ensure_services, stop_services

ROOT = Path(__file__).resolve().parent.parent
PORTS = (8781, 8782)
PYTHON = sys.executable


class _Inbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    def count_to(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for message in self.messages if message["To"].startswith(prefix))

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.02)  # a real server takes a moment per message; batches stay under way longer
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _django(environment: dict, code: str):
    result = subprocess.run(
        [PYTHON, "-c", f"import django, json; django.setup(); {code}"],
        cwd=ROOT, env=environment, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else None


def _start(command: list[str], environment: dict) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)


def _wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _all_at_once(calls: list) -> list:
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(index):
        barrier.wait()
        answers[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _port(index: int) -> int:
    return PORTS[index % len(PORTS)]


def registration_race(seed: dict) -> list[int]:
    path = f"/{seed['slug']}/register/"
    clients = [Client(port=_port(i), session_key=key) for i, key in enumerate(seed["racers"])]
    forms = []
    for number, client in enumerate(clients):
        fields = []
        for name, value in client.open_form(path):
            if name == "days-dates" and value != seed["raced_date"]:
                continue
            if name.endswith("full_name"):
                value = f"확장 참가자 {number}"
            elif name.endswith("-category"):
                value = "industry"
            fields.append((name, value))
        forms.append(fields)
    return _all_at_once([lambda c=c, f=f: c.request("POST", path, f)[0] for c, f in zip(clients, forms, strict=True)])


def townhall_race(seed: dict) -> list[int]:
    calls = []
    for index, token in enumerate(seed["guests"]):
        client = Client(port=_port(index))
        path = f"/townhall/rsvp/{token}/"
        fields = [(n, v) for n, v in client.open_form(path) if n not in {"answer"}] + [("answer", "accept")]
        calls.append(lambda c=client, p=path, f=fields: c.request("POST", p, f)[0])
    return _all_at_once(calls)


def consultation_race(seed: dict) -> list[int]:
    calls = []
    for index, key in enumerate(seed["bookers"]):
        client = Client(port=_port(index), session_key=key)
        client.open_form(f"/{seed['slug']}/booths/")  # for the CSRF cookie
        fields = [("csrfmiddlewaretoken", client.cookies.get("csrftoken", "")), ("share_name", "yes")]
        path = f"/{seed['slug']}/booths/slots/{seed['slot']}/book/"
        calls.append(lambda c=client, p=path, f=fields: c.request("POST", p, f)[0])
    return _all_at_once(calls)


def scan_replays(seed: dict, replays: int = 20) -> list[int]:
    calls = []
    for booth_id, token in seed["booths"]:
        body = json.dumps({"badge_code": seed["badge"], "nonce": f"replay-{secrets.token_hex(6)}"}).encode()
        for index in range(replays):
            port = _port(index)

            def scan(port=port, booth_id=booth_id, token=token, body=body):
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/booths/{booth_id}/visits", data=body, method="POST",
                    headers={"Content-Type": "application/json", "Authorization": f"Device {token}"},
                )  # fmt: skip
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
                        return response.status
                except urllib.error.HTTPError as error:
                    return error.code

            calls.append(scan)
    return _all_at_once(calls)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emails", type=int, default=400)
    args = parser.parse_args()
    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    workdir = Path(tempfile.mkdtemp(prefix="symposium-scale-"))
    environment = production_environment(services, redis_database=4, EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}")
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run([PYTHON, "-m", "celery", "-A", "symposium", "purge", "-f"], cwd=ROOT, env=environment,
                   check=True, capture_output=True)  # fmt: skip
    seed = _django(environment, "from bench.seed_scale_out import seed; print(json.dumps(seed()))")

    def worker(name: str) -> subprocess.Popen:
        return _start([PYTHON, "-m", "celery", "-A", "symposium", "worker", "-l", "warning", "--concurrency", "2",
                       "-n", f"{name}@%h"], environment)  # fmt: skip

    def web(port: int) -> subprocess.Popen:
        return _start([PYTHON, "-m", "gunicorn", "symposium.wsgi:application", "--bind", f"127.0.0.1:{port}",
                       "--workers", "2", "--log-level", "warning"], environment)  # fmt: skip

    processes = {f"web{port}": web(port) for port in PORTS}
    processes["worker1"] = worker("scale1")
    processes["worker2"] = worker("scale2")
    processes["beat"] = _start(
        [PYTHON, "-m", "celery", "-A", "symposium", "beat", "-l", "warning", "-s", str(workdir / "beat")], environment
    )
    results: dict = {}
    try:
        for port in PORTS:
            _wait_healthy(port)
        results["registration_answers"] = Counter(registration_race(seed))
        results["townhall_answers"] = Counter(townhall_race(seed))
        results["consultation_answers"] = Counter(consultation_race(seed))
        results["scan_answers"] = Counter(scan_replays(seed))

        _django(
            environment, f"from bench.seed_scale_out import queue_emails; queue_emails({seed['run']!r}, {args.emails})"
        )
        deadline = time.monotonic() + 120
        while inbox.count_to("mail-") < args.emails // 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(processes["worker1"].pid, signal.SIGKILL)
        processes["worker1"].wait()
        killed_at = time.monotonic()
        results["received_at_kill"] = inbox.count_to("mail-")
        processes["worker1"] = worker("scale1")
        while time.monotonic() - killed_at < 300:
            figures = _django(environment, f"from bench.seed_scale_out import outcome; "
                              f"print(json.dumps(outcome({seed['slug']!r}, {seed['run']!r})))")  # fmt: skip
            if figures["emails"]["sent"] == args.emails:
                break
            time.sleep(1)
        results["all_sent_seconds_after_kill"] = round(time.monotonic() - killed_at, 1)
        results["outcome"] = figures
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            process.wait(timeout=60)
        smtp.stop()
        stop_services(services.owned)

    deliveries = Counter(message["To"] for message in inbox.messages if message["To"].startswith("mail-"))
    message_ids = {}
    for message in inbox.messages:
        message_ids.setdefault(message["To"], set()).add(message["Message-ID"])
    outcome = results["outcome"]
    checks = {
        "registration: 100 confirmed, 100 waitlisted, 0 errors": (
            outcome["registration_confirmed"],
            outcome["registration_waitlisted"],
            results["registration_answers"],
        )
        == (100, 100, Counter({302: 200})),
        "townhall: 120 accepted, 80 waitlisted, counter 120": (
            outcome["townhall_accepted"],
            outcome["townhall_waitlisted"],
            outcome["townhall_accepted_count"],
        )
        == (120, 80, 120),
        "consultation: 1 booking of the one seat": (outcome["slot_bookings"], outcome["slot_booked_count"]) == (1, 1),
        "scans: 1 visit at each booth": len(outcome["visits_per_booth"]) == 2
        and len(set(outcome["visits_per_booth"])) == 2,
        "outbox: every row sent": outcome["emails"]["sent"] == args.emails,
        "outbox: one Message-ID per key": len(deliveries) == args.emails
        and all(len(message_ids[to]) == 1 for to in deliveries),
        "outbox: all out within 2 minutes of the kill": results["all_sent_seconds_after_kill"] <= 120,
    }
    results["deliveries_repeated"] = sum(count - 1 for count in deliveries.values())
    for name in ("registration_answers", "townhall_answers", "consultation_answers", "scan_answers"):
        print(f"{name}: {dict(results[name])}")
    print(f"outcome: {json.dumps(outcome)}")
    print(f"emails received at the kill: {results['received_at_kill']}; all sent "
          f"{results['all_sent_seconds_after_kill']} s after it; deliveries repeated: {results['deliveries_repeated']}")  # fmt: skip
    for name, held in checks.items():
        print(f"  {'holds' if held else 'FAILS'}  {name}")
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    results["checks"] = checks
    (results_dir / f"scale-out-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(results, indent=2, default=lambda value: dict(value))
    )
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
