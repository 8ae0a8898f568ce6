"""Benchmark: the registration rush, and a morning of sign-ups behind a proxy.

    .venv/bin/python -m bench.registration_rush [--people 200] [--workers 2] [--signups 1000]

Serves the production settings with gunicorn (sync workers) against PostgreSQL
(database symposium_bench). First 200 signed-in people, each with the form
already open, submit it at the same moment for a day of 100 seats: every answer
must be the redirect to "my registration" (0 errors), exactly 100 confirmed and
the rest waitlisted; it reports the median and 95th percentile. Then 1,000
people sign up, each from an address of its own as a trusted proxy reports it
(X-Forwarded-For, TRUSTED_PROXY_COUNT=1), which must take under ten minutes with
none refused; and the limits still hold for one person: a 21st sign-up from
one address within a minute and a 6th wrong password for one account (from six
addresses) are refused with 429.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.browser import Client, p95
from bench.programme import PORT, gunicorn, production_environment
from symposium.embedded import ensure_services, stop_services

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "rush-bench-" + secrets.token_urlsafe(8)


def _registration_fields(fields: list, number: int) -> list:
    filled = []
    for name, value in fields:
        if name.endswith("full_name"):
            value = f"러시 참가자 {number}"
        elif name.endswith("-category"):
            value = "industry"  # students and faculty also name their graduate school
        filled.append((name, value))
    return filled


def rush(cookies: list[str], slug: str) -> dict:
    path = f"/{slug}/register/"
    clients = [Client(port=PORT, session_key=key) for key in cookies]
    with ThreadPoolExecutor(8) as pool:
        forms = list(pool.map(lambda client: client.open_form(path), clients))
    barrier = threading.Barrier(len(clients))
    answers: list[tuple[int, str, float]] = [None] * len(clients)
    failures: list = []

    def submit(index: int) -> None:
        fields = _registration_fields(forms[index], index)
        barrier.wait()
        started = time.monotonic()
        try:
            status, location, text, elapsed = clients[index].request("POST", path, fields)
        except OSError as error:  # no answer within the client's timeout: an error, not a crash of the benchmark
            answers[index] = (0, type(error).__name__, (time.monotonic() - started) * 1000)
            return
        answers[index] = (status, location, elapsed)
        if status == 200:
            failures.append(re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', text, re.S)[:5])

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(elapsed for _status, _location, elapsed in answers)
    errors = [a for a in answers if not (a[0] == 302 and a[1].endswith(f"/{slug}/me/"))]
    return {
        "people": len(clients),
        "errors": len(errors),
        "error_examples": [a[:2] for a in errors[:5]],
        "form_errors": failures[:3],
        "median_ms": statistics.median(times),
        "p95_ms": p95(times),
        "max_ms": times[-1],
    }


def _sign_up_as(client: Client, email: str) -> tuple[int, float]:
    fields = []
    for name, value in client.open_form("/accounts/signup/"):
        if name == "email":
            value = email
        elif name.startswith("password"):
            value = PASSWORD
        fields.append((name, value))
    status, _location, _text, elapsed = client.request("POST", "/accounts/signup/", fields)
    return status, elapsed


def _sign_up(number: int) -> tuple[int, float]:
    client = Client(port=PORT, address=f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}")
    return _sign_up_as(client, f"rush-signup-{number}-{secrets.token_hex(3)}@example.org")


def sign_ups(count: int) -> dict:
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(_sign_up, range(count)))
    seconds = time.monotonic() - started
    times = sorted(elapsed for _status, elapsed in answers)
    return {
        "sign_ups": count,
        "seconds": seconds,
        "refused": sum(1 for status, _ in answers if status != 302),
        "median_ms": statistics.median(times),
        "p95_ms": p95(times),
    }


def limits_still_hold(email: str) -> dict:
    one_address = Client(port=PORT, address="192.0.2.77")
    statuses = []
    for number in range(21):
        email = f"rush-one-address-{number}-{secrets.token_hex(3)}@example.org"
        statuses.append(_sign_up_as(one_address, email)[0])
    wrong_passwords = []
    for number in range(6):
        client = Client(port=PORT, address=f"198.51.100.{number + 1}")
        client.cookies["symposium_language"] = "en"
        fields = [(n, v) for n, v in client.open_form("/accounts/login/") if n not in {"login", "password"}]
        fields += [("login", email), ("password", "not-the-password")]
        status, _location, text, _ms = client.request("POST", "/accounts/login/", fields)
        # allauth answers the form again, with this message instead of the wrong-password one.
        wrong_passwords.append(429 if "Too many failed login attempts" in text else status)
    return {
        "signups_from_one_address": statuses,
        "21st_signup_refused": statuses[-1] == 429,
        "wrong_passwords_for_one_account": wrong_passwords,
        "6th_wrong_password_refused": wrong_passwords[-1] == 429,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--signups", type=int, default=1000)
    args = parser.parse_args()
    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    environment = production_environment(services, redis_database=2, TRUSTED_PROXY_COUNT="1")
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
    seeded = subprocess.run(
        [python, "-c", f"import django, json; django.setup(); from bench.seed_rush import seed; "
         f"print(json.dumps(seed({args.people})))"],
        cwd=ROOT, env=environment, check=True, capture_output=True, text=True,
    )  # fmt: skip
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    results: dict = {}
    try:
        with gunicorn(environment, workers=args.workers):
            results["rush"] = rush(seed["cookies"], seed["slug"])
            outcome = subprocess.run(
                [python, "-c", "import django, json; django.setup(); from bench.seed_rush import outcome; "
                 f"print(json.dumps(outcome({seed['slug']!r})))"],
                cwd=ROOT, env=environment, check=True, capture_output=True, text=True,
            )  # fmt: skip
            results["seats"] = json.loads(outcome.stdout.strip().splitlines()[-1])
            results["sign_ups"] = sign_ups(args.signups)
            results["limits"] = limits_still_hold(seed["emails"][0])
    finally:
        stop_services(services.owned)
    rush_figures, seats, signup_figures = results["rush"], results["seats"], results["sign_ups"]
    print(f"\nRegistration rush: {rush_figures['people']} people at once for 100 seats")
    print(f"  errors {rush_figures['errors']}  confirmed {seats['confirmed']}  waitlisted {seats['waitlisted']}")
    print(
        f"  median {rush_figures['median_ms']:.0f} ms  p95 {rush_figures['p95_ms']:.0f} ms  max {rush_figures['max_ms']:.0f} ms"
    )
    print(
        f"Sign-ups: {signup_figures['sign_ups']} in {signup_figures['seconds']:.0f} s, refused {signup_figures['refused']}"
    )
    print(f"  median {signup_figures['median_ms']:.0f} ms  p95 {signup_figures['p95_ms']:.0f} ms")
    print(f"Limits: 21st sign-up from one address refused: {results['limits']['21st_signup_refused']}; "
          f"6th wrong password for one account refused: {results['limits']['6th_wrong_password_refused']}")  # fmt: skip
    met = (
        rush_figures["errors"] == 0
        and seats["confirmed"] == 100
        and rush_figures["p95_ms"] < 300
        and signup_figures["refused"] == 0
        and signup_figures["seconds"] < 600
        and results["limits"]["21st_signup_refused"]
        and results["limits"]["6th_wrong_password_refused"]
    )
    print(f"\nTargets {'met' if met else 'NOT met'}.")
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"registration-rush-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
