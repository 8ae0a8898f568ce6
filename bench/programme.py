"""Benchmark: the programme page and schedule.json beside a trivial view (the ceiling).

    .venv/bin/python -m bench.programme [--seconds 15] [--connections 16] [--workers 4]

Serves the production settings with gunicorn against PostgreSQL (the embedded
one unless DATABASE_URL is set; a separate database, symposium_bench), loads a
programme of 200 sessions and 150 speakers, and measures each URL with wrk over
loopback. Prints requests per second and median and 99th-percentile latency,
and writes them to bench/results/. Needs wrk (Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from symposium.embedded import ensure_services, stop_services

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PORT = 8765


def _database_url(base: str, name: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + name


def production_environment(services, *, redis_database: int, **extra: str) -> dict:
    """The environment of production settings on the benchmark database, created when missing."""
    database_url = _database_url(os.environ.get("DATABASE_URL") or services.database_url, "symposium_bench")
    _ensure_database(database_url)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": (os.environ.get("REDIS_URL") or services.redis_url).rsplit("/", 1)[0] + f"/{redis_database}",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def _ensure_database(url: str) -> None:
    import psycopg2

    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, *, seconds: int, connections: int, script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    parse = lambda text: _ms(*re.match(r"([\d.]+)(\w+)", text).groups())  # noqa: E731
    return {
        "requests_per_second": rps,
        "median_ms": parse(latency["50"]),
        "p99_ms": parse(latency["99"]),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


@contextlib.contextmanager
def gunicorn(environment: dict, *, workers: int):
    """The production server on 127.0.0.1:PORT, ready when the block starts, stopped after it."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "symposium.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=environment, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("error: wrk is needed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2

    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    base_db = os.environ.get("DATABASE_URL") or services.database_url
    base_redis = os.environ.get("REDIS_URL") or services.redis_url
    database_url = _database_url(base_db, "symposium_bench")
    _ensure_database(database_url)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": base_redis.rsplit("/", 1)[0] + "/2",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run(
        [python, "-c", "import django; django.setup(); from bench.seed_programme import seed; seed()"],
        cwd=ROOT, env=environment, check=True,
    )  # fmt: skip
    results = {}
    try:
        with gunicorn(environment, workers=args.workers):
            targets = {
                "trivial view (ceiling)": "/bench/trivial",
                "programme page": "/bench-event/programme/",
                "schedule.json": "/bench-event/schedule.json",
            }
            for name, path in targets.items():
                url = f"http://127.0.0.1:{PORT}{path}"
                run_wrk(url, seconds=2, connections=args.connections)  # warm caches and workers
                results[name] = run_wrk(url, seconds=args.seconds, connections=args.connections)
    finally:
        stop_services(services.owned)

    ceiling = results["trivial view (ceiling)"]["requests_per_second"]
    print(f"\n{'URL':<26}{'req/s':>10}{'median ms':>12}{'p99 ms':>10}{'of ceiling':>12}{'errors':>8}")
    for name, figures in results.items():
        share = figures["requests_per_second"] / ceiling
        print(
            f"{name:<26}{figures['requests_per_second']:>10.0f}{figures['median_ms']:>12.2f}"
            f"{figures['p99_ms']:>10.2f}{share:>11.0%}{figures['errors']:>8}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"programme-{stamp}.json").write_text(json.dumps({"settings": vars(args), "results": results}, indent=2))
    programme_share = results["programme page"]["requests_per_second"] / ceiling
    print(f"\nTarget: programme page at >= 50% of the ceiling: {'met' if programme_share >= 0.5 else 'NOT met'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
