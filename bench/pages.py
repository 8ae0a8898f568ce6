"""Benchmark: the app's CPU time per request of the pages people use during the event, each
as a ratio against a trivial view measured in the same run.

    .venv/bin/python -m bench.pages [--requests 100] [--rounds 5] [--only NAME]

Loads realistic data (bench.seed_pages: 200 sessions, 150 speakers, 40 booths with 16 slots
each, 2,000 attendees) into the benchmark database (symposium_bench, as bench.programme),
and calls Django's WSGI application in this process with the production settings, as
gunicorn would, without a network in between. Each request's cost is this process's CPU
time (time.process_time) around the call, so other work on a shared machine does not count;
what PostgreSQL and Redis spend answering is theirs, not the app's. The pages take turns
in rounds of --requests calls each, and a page's figure is the median over the rounds of
its CPU time per request, and of the ratio to the trivial view's in the same round.
Writes the figures to bench/results/. Targets (issue #15): the signed-in and filtered
programme under 10 ms, the other pages under 15 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

from symposium.embedded import ensure_services, stop_services

from .programme import PORT, RESULTS, production_environment

ROOT = Path(__file__).resolve().parent.parent
TARGETS_MS = {"programme": 10, "session": 15, "speaker": 15, "my agenda": 15, "my registration": 15, "booth": 15}


def wsgi_environ(path: str, cookie: str = "", *, multithread: bool = False) -> dict:
    """A GET request's WSGI environ, as gunicorn would hand it to Django."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": str(PORT),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": f"127.0.0.1:{PORT}",
        "HTTP_ACCEPT_LANGUAGE": "ko",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": multithread,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = f"sessionid={cookie}"
    return environ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100, help="calls per page in each round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    parser.add_argument("--profile", action="store_true", help="print where the time of each page goes (cProfile)")
    parser.add_argument("--no-seed", action="store_true", help="keep the data of the last run")
    args = parser.parse_args()

    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    try:
        environment = production_environment(services, redis_database=2, SITE_URL=f"http://127.0.0.1:{PORT}")
        seeded = RESULTS / "pages-seed.json"
        if args.no_seed and seeded.exists():  # the session cookie of the last run is signed with its key
            environment["SECRET_KEY"] = json.loads(seeded.read_text())["secret_key"]
        os.environ.update(environment)
        return _run(args)
    finally:
        stop_services(services.owned)


def _run(args) -> int:
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection

    from bench.seed_pages import seed_pages
    from sessions.services import bump_programme_version

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.monotonic()
    seeded = RESULTS / "pages-seed.json"
    if args.no_seed and seeded.exists():
        ids = json.loads(seeded.read_text())
    else:
        ids = seed_pages()
        RESULTS.mkdir(parents=True, exist_ok=True)
        seeded.write_text(json.dumps({**ids, "secret_key": os.environ["SECRET_KEY"]}))
        print(f"Seeded in {time.monotonic() - started:.0f} s.")

    cookie, slug = ids["cookie"], ids["slug"]
    base = f"/{slug}/programme/"
    pages = {  # name: (path, signed in, before each call)
        "trivial view": ("/bench/trivial", False, None),
        "trivial view, signed in": ("/bench/trivial", True, None),
        "programme, anonymous (shared copy)": (base, False, None),
        "programme, signed in": (base, True, None),
        "programme filtered, signed in": (f"{base}?track={ids['track']}&kind=research_presentation", True, None),
        "programme, signed in, just changed": (base, True, lambda: bump_programme_version(slug)),
        "session page, signed in": (f"{base}sessions/{ids['session']}/", True, None),
        "speaker page, signed in": (f"{base}speakers/{ids['speaker']}/", True, None),
        "my agenda (12 sessions)": (f"{base}agenda/", True, None),
        "my registration": (f"/{slug}/me/", True, None),
        "booth directory, signed in": (f"/{slug}/booths/", True, None),
        "booth directory, anonymous": (f"/{slug}/booths/", False, None),
    }
    pages = {name: page for name, page in pages.items() if args.only in name or name.startswith("trivial")}
    handler = WSGIHandler()

    def call(path: str, signed_in: bool) -> tuple[str, int]:
        answer = []
        body = handler(
            wsgi_environ(path, cookie if signed_in else ""), lambda status, headers, exc=None: answer.append(status)
        )
        try:
            size = sum(len(chunk) for chunk in body)
        finally:
            if hasattr(body, "close"):
                body.close()
        return answer[0], size

    queries: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for name, (path, signed_in, before) in pages.items():  # warm up, check and count queries
        for _ in range(5):
            if before:
                before()
            status, sizes[name] = call(path, signed_in)
            if not status.startswith("200"):
                print(f"error: {name} ({path}) answered {status}", file=sys.stderr)
                return 1
        count: list[str] = []

        def counted(execute, sql, params, many, context, count=count):
            count.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            if before:
                before()
            call(path, signed_in)
        queries[name] = len(count) - (1 if before else 0)  # the version bump reads nothing; it is Redis

    if args.profile:
        import cProfile
        import pstats

        for name, (path, signed_in, before) in pages.items():
            profiler = cProfile.Profile(time.process_time)  # CPU, not the wait for the database
            for _ in range(args.requests):
                if before:
                    before()
                profiler.runcall(call, path, signed_in)
            print(f"\n== {name}")
            pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(45)
        return 0

    rounds: dict[str, list[float]] = {name: [] for name in pages}
    ratios: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        this_round = {}
        for name, (path, signed_in, before) in pages.items():
            spent = 0.0
            for _ in range(args.requests):
                if before:
                    before()
                started = time.process_time()
                call(path, signed_in)
                spent += time.process_time() - started
            this_round[name] = spent * 1000 / args.requests
        for name, ms in this_round.items():
            rounds[name].append(ms)
            ratios[name].append(ms / this_round["trivial view"])

    results = {
        name: {
            "cpu_ms_per_request": statistics.median(rounds[name]),
            "x_trivial": statistics.median(ratios[name]),
            "cpu_ms_rounds": rounds[name],
            "queries": queries[name],
            "bytes": sizes[name],
        }
        for name in pages
    }
    print(f"\n{'page':<38}{'CPU ms/req':>11}{'x trivial':>10}{'queries':>9}{'KB':>7}")
    for name, figures in results.items():
        print(
            f"{name:<38}{figures['cpu_ms_per_request']:>11.2f}{figures['x_trivial']:>10.1f}"
            f"{figures['queries']:>9}{figures['bytes'] / 1024:>7.0f}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"pages-{stamp}.json").write_text(json.dumps({"settings": vars(args), "results": results}, indent=2))
    for name, figures in results.items():
        limit = next((ms for prefix, ms in TARGETS_MS.items() if name.startswith(prefix)), None)
        if limit is not None and "just changed" not in name:
            met = "met" if figures["cpu_ms_per_request"] < limit else "NOT met"
            print(f"Target: {name} under {limit} ms of app CPU: {met}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
