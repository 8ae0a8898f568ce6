"""Benchmark: the programme page and schedule.json beside a trivial view (the ceiling).

    .venv/bin/python -m bench.programme [--seconds 10] [--connections 4] [--workers 2] [--repeats 3]

Serves the production settings with gunicorn against PostgreSQL (the embedded
one unless DATABASE_URL is set; a separate database, symposium_bench), loads a
programme of 200 sessions and 150 speakers, and measures each URL with wrk over
loopback, anonymous and signed in (an attendee with an agenda). Prints the app's
CPU time per request (the gunicorn processes' CPU time from /proc before and
after each run over its request count: the figure that holds on a loaded
machine), requests per second and median and 99th-percentile latency, and
writes them to bench/results/. Needs wrk (Debian: apt-get install wrk).
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
PORT = int(os.environ.get("BENCH_PORT", "8765"))  # another free port when several run at once


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


def run_wrk(url: str, *, seconds: int, connections: int, script: str | None = None, cookie: str = "") -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    parse = lambda text: _ms(*re.match(r"([\d.]+)(\w+)", text).groups())  # noqa: E731
    return {
        "requests": requests,
        "requests_per_second": rps,
        "median_ms": parse(latency["50"]),
        "p99_ms": parse(latency["99"]),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        return [int(item) for item in children.read_text().split()]
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of the server's processes (the master and its workers)."""
    total = 0
    for process in [pid, *_children(pid)]:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def measure(url: str, *, server: int, seconds: int, connections: int, cookie: str = "") -> dict:
    """One wrk run, with the app's CPU time per request: the workers' CPU before and after over the count."""
    before = cpu_seconds(server)
    figures = run_wrk(url, seconds=seconds, connections=connections, cookie=cookie)
    figures["cpu_ms_per_request"] = (cpu_seconds(server) - before) * 1000 / max(figures["requests"], 1)
    return figures


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
        yield server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="runs per URL; the median CPU per request counts")
    parser.add_argument("--only", default="", help="measure only the URLs whose name contains this")
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
    seeded = subprocess.run(
        [python, "-c", "import django, json; django.setup(); from bench.seed_programme import seed_signed_in; "
         "print(json.dumps(seed_signed_in()))"],
        cwd=ROOT, env=environment, check=True, capture_output=True, text=True,
    )  # fmt: skip
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    cookie = ids["cookie"]
    base = "/bench-event/programme/"
    filtered = f"{base}?track={ids['track']}&kind=research_presentation"
    targets = {  # name: (path, signed in)
        "trivial view (ceiling)": ("/bench/trivial", False),
        "trivial, signed in": ("/bench/trivial", True),
        "programme, anonymous": (base, False),
        "programme, signed in": (base, True),
        "programme filtered, anon": (filtered, False),
        "programme filtered, signed": (filtered, True),
        "session page, signed in": (f"{base}sessions/{ids['session']}/", True),
        "speaker page, signed in": (f"{base}speakers/{ids['speaker']}/", True),
        "my agenda (12 sessions)": (f"{base}agenda/", True),
        "schedule.json": ("/bench-event/schedule.json", False),
    }
    targets = {name: target for name, target in targets.items() if args.only in name or "ceiling" in name}
    results = {}
    try:
        with gunicorn(environment, workers=args.workers) as server:
            for name, (path, signed_in) in targets.items():
                url = f"http://127.0.0.1:{PORT}{path}"
                session = cookie if signed_in else ""
                run_wrk(url, seconds=2, connections=args.connections, cookie=session)  # warm caches and workers
                runs = [
                    measure(url, server=server, seconds=args.seconds, connections=args.connections, cookie=session)
                    for _ in range(args.repeats)
                ]
                runs.sort(key=lambda run: run["cpu_ms_per_request"])
                results[name] = {**runs[len(runs) // 2], "cpu_ms_runs": [run["cpu_ms_per_request"] for run in runs]}
    finally:
        stop_services(services.owned)

    ceiling = results["trivial view (ceiling)"]["cpu_ms_per_request"]
    print(f"\n{'URL':<28}{'CPU ms/req':>11}{'x trivial':>10}{'req/s':>8}{'median ms':>11}{'p99 ms':>8}{'errors':>7}")
    for name, figures in results.items():
        print(
            f"{name:<28}{figures['cpu_ms_per_request']:>11.2f}{figures['cpu_ms_per_request'] / ceiling:>10.1f}"
            f"{figures['requests_per_second']:>8.0f}{figures['median_ms']:>11.2f}{figures['p99_ms']:>8.2f}"
            f"{figures['errors']:>7}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"programme-{stamp}.json").write_text(json.dumps({"settings": vars(args), "results": results}, indent=2))
    targets_ms = {"programme": 10, "session page": 15, "speaker page": 15, "my agenda": 15}
    for name, figures in results.items():
        limit = next((ms for prefix, ms in targets_ms.items() if name.startswith(prefix)), None)
        if limit is not None:
            met = "met" if figures["cpu_ms_per_request"] < limit else "NOT met"
            print(f"Target: {name} under {limit} ms of app CPU: {met}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
