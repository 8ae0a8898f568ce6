"""Benchmark: the challenge's public leaderboard under load, as the 2022 challenge had it
(165 teams from 14 graduate schools, 100 scored submissions each).

    .venv/bin/python -m bench.challenge_leaderboard [--requests 200] [--threads 4] [--teams 165] [--per-team 100]

Seeds the benchmark database (symposium_bench, as bench.programme) and calls Django's WSGI
application with the production settings from --threads threads at once, as gunicorn's
threads would, without a network in between. Each request's wall time (database and Redis
included) is measured; the figures are p50 and p95 in two states:

- warm: the shared copy of the board is in the cache (every visitor after the first);
- just after a new score: before each burst of --threads requests a new scored submission is
  stored and the scorer's signal retires the copy; the first request of the burst computes the
  board again (one query), the others meanwhile get the copy before the score.

Writes the figures to bench/results/. Target: p95 under 50 ms warm, under 150 ms just after a score.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import threading
import time

from symposium.embedded import ensure_services, stop_services

from .pages import wsgi_environ
from .programme import PORT, RESULTS, production_environment

SLUG = "bench-challenge"
SCHOOLS = 14
TARGETS_MS = {"warm": 50, "just after a new score": 150}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="requests per state")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--teams", type=int, default=165)
    parser.add_argument("--per-team", type=int, default=100)
    parser.add_argument("--no-seed", action="store_true", help="keep the data of the last run")
    args = parser.parse_args()

    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    try:
        os.environ.update(production_environment(services, redis_database=2, SITE_URL=f"http://127.0.0.1:{PORT}"))
        return _run(args)
    finally:
        stop_services(services.owned)


def _seed(teams: int, per_team: int) -> int:
    """The event, its published challenge with one phase that closed, and the teams' scored submissions."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from challenge.enums import Metric, SubmissionStatus
    from challenge.models import Challenge, ChallengeTeam, Phase, Submission
    from events.models import Event, Organization

    with transaction.atomic():
        Event.objects.filter(slug=SLUG).delete()
        Organization.objects.filter(name_en__startswith="Bench school ").delete()
        Organization.objects.filter(name_en="Bench data provider").delete()
        today = timezone.localdate()
        event = Event.objects.create(
            slug=SLUG,
            name_ko="벤치 챌린지",
            name_en="Bench challenge",
            start_date=today,
            end_date=today + datetime.timedelta(days=1),
            venue_ko="코엑스",
            venue_en="COEX",
            registration_opens_at=timezone.now() - datetime.timedelta(days=60),
            registration_closes_at=timezone.now() + datetime.timedelta(days=1),
            is_published=True,
        )
        provider = Organization.objects.create(
            name_ko="벤치 데이터 기업", name_en="Bench data provider", kind="company"
        )
        schools = Organization.objects.bulk_create(
            [
                Organization(
                    name_ko=f"벤치 대학교 {n}",
                    name_en=f"Bench school {n}",
                    kind="university",
                    is_ai_graduate_school=True,
                )
                for n in range(SCHOOLS)
            ]
        )
        challenge = Challenge.objects.create(
            event=event,
            title_ko="항원-항체 반응 예측",
            title_en="Antigen-antibody reaction prediction",
            data_provider=provider,
            terms_ko="약관",
            terms_en="Terms",
            is_published=True,
        )
        opens = timezone.now() - datetime.timedelta(days=60)
        phase = Phase.objects.create(
            challenge=challenge,
            name_ko="본선",
            name_en="Final",
            opens_at=opens,
            closes_at=timezone.now() + datetime.timedelta(days=1),
            metric=Metric.AUROC,
            daily_submission_limit=per_team,
            total_submission_limit=per_team * 2 + 1000,
            is_final=True,
        )
        team_rows = ChallengeTeam.objects.bulk_create(
            [
                ChallengeTeam(challenge=challenge, name=f"팀 {n:03d}", graduate_school=schools[n % SCHOOLS])
                for n in range(teams)
            ]
        )
        rng = random.Random(2022)
        submissions = []
        for team in team_rows:
            for index in range(per_team):
                at = opens + datetime.timedelta(days=index % 50, minutes=team.pk % 600)
                submissions.append(
                    Submission(
                        team=team,
                        phase=phase,
                        file="submissions/bench.csv",
                        original_name="bench.csv",
                        rows=100_000,
                        status=SubmissionStatus.SCORED,
                        public_score=round(rng.uniform(0.5, 0.95), 6),
                        private_score=round(rng.uniform(0.5, 0.95), 6),
                        submitted_at=at,
                        submitted_on=at.date(),
                        scored_at=at,
                    )
                )
        Submission.objects.bulk_create(submissions, batch_size=2000)
    return phase.pk


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)],
        "max_ms": ordered[-1],
        "requests": len(ordered),
    }


def _run(args) -> int:
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    from challenge.enums import SubmissionStatus
    from challenge.models import ChallengeTeam, Phase, Submission
    from challenge.signals import submission_scored

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.no_seed and Phase.objects.filter(challenge__event__slug=SLUG).exists():
        phase_id = Phase.objects.get(challenge__event__slug=SLUG).pk
    else:
        started = time.monotonic()
        phase_id = _seed(args.teams, args.per_team)
        print(f"Seeded {args.teams} teams × {args.per_team} submissions in {time.monotonic() - started:.0f} s.")
    phase = Phase.objects.get(pk=phase_id)
    teams = list(ChallengeTeam.objects.filter(challenge=phase.challenge).values_list("pk", flat=True))
    path = f"/{SLUG}/challenge/leaderboard/"
    handler = WSGIHandler()
    lock = threading.Lock()

    def call() -> float:
        answer = []
        started = time.perf_counter()
        body = handler(wsgi_environ(path, multithread=True), lambda status, headers, exc=None: answer.append(status))
        try:
            size = sum(len(chunk) for chunk in body)
        finally:
            if hasattr(body, "close"):
                body.close()
        spent = (time.perf_counter() - started) * 1000
        if not answer[0].startswith("200") or size < 1000:
            raise SystemExit(f"error: {path} answered {answer[0]} ({size} bytes)")
        return spent

    def new_score(number: int) -> None:
        """What the scorer leaves: one more scored submission, and its signal (which retires the copy)."""
        now = timezone.now()
        submission = Submission.objects.create(
            team_id=teams[number % len(teams)],
            phase=phase,
            file="submissions/bench.csv",
            original_name="bench.csv",
            status=SubmissionStatus.SCORED,
            public_score=0.5,
            private_score=0.5,
            submitted_at=now,
            submitted_on=timezone.localdate(),
            scored_at=now,
        )
        submission_scored.send(sender=Submission, submission=submission)

    def measure(before=None) -> list[float]:
        samples: list[float] = []
        counter = iter(range(args.requests))

        def worker() -> None:
            try:
                while True:
                    with lock:
                        number = next(counter, None)
                        if number is None:
                            return
                        if before and number % args.threads == 0:  # a score, then a burst of requests
                            before(number)
                    spent = call()
                    with lock:
                        samples.append(spent)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return samples

    for _ in range(5):
        call()  # warm up
    count: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *rest: count.append(sql) or execute(sql, *rest)):
        call()
    queries_warm = len(count)

    results = {
        "warm": _percentiles(measure()),
        "just after a new score": _percentiles(measure(new_score)),
    }
    board_query = []
    from challenge import leaderboards

    for _ in range(20):
        started = time.perf_counter()
        leaderboards.compute_public_board(phase)
        board_query.append((time.perf_counter() - started) * 1000)
    results["the board's query alone"] = _percentiles(board_query)
    submissions = Submission.objects.filter(phase=phase).count()

    print(f"\n{len(teams)} teams, {submissions} submissions, {args.threads} threads; {queries_warm} queries when warm")
    print(f"{'state':<28}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'requests':>10}")
    for name, figures in results.items():
        print(
            f"{name:<28}{figures['p50_ms']:>9.1f}{figures['p95_ms']:>9.1f}{figures['max_ms']:>9.1f}"
            f"{figures['requests']:>10}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"challenge-leaderboard-{stamp}.json").write_text(
        json.dumps({"settings": vars(args), "submissions": submissions, "results": results}, indent=2)
    )
    for name, limit in TARGETS_MS.items():
        met = "met" if results[name]["p95_ms"] < limit else "NOT met"
        print(f"Target: {name}, p95 under {limit} ms: {met}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
