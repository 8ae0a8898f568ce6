"""Benchmark: 165 teams each submit a 100,000-row predictions file; validation at upload, then scoring.

    .venv/bin/python -m bench.challenge_scoring [--teams 165] [--rows 100000] [--metric auroc]

Uses the production settings against the benchmark database (symposium_bench, as bench.programme)
and a private file folder of its own. Seeds a challenge with 14 graduate schools, the teams and a
phase whose answer key has --rows ids (30 % public). Then:

1. upload: each team's captain submits a different file through `submit_predictions`, in this
   process, as the web app would (read, checked line by line against the answer key, stored,
   queued): CPU and wall time per file, rows per second, this process's peak memory;
2. scoring: one scoring worker, as `make run` starts it (`celery worker -Q scoring --concurrency 1`),
   scores the queue from first to last: files and rows per second of wall time and the worker
   process's peak memory (VmHWM of its pool process).

Writes the figures to bench/results/challenge-scoring-<time>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from symposium.embedded import ensure_services, stop_services

from .programme import RESULTS, production_environment

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-challenge"
SCHOOLS = 14


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=165)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--metric", default="auroc", choices=["auroc", "map", "accuracy", "f1", "rmse"])
    args = parser.parse_args()
    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    private = tempfile.mkdtemp(prefix="symposium-bench-private-")
    try:
        environment = production_environment(services, redis_database=5, PRIVATE_MEDIA_ROOT=private)
        os.environ.update(environment)
        return _run(args, environment)
    finally:
        subprocess.run(["rm", "-rf", private], check=False)
        stop_services(services.owned)


def _answers(metric: str, rows: int, generator) -> np.ndarray:
    if metric in ("auroc", "map", "f1"):
        return generator.integers(0, 2, rows).astype(str)
    if metric == "accuracy":
        return generator.choice(["A", "B", "C", "D"], rows)
    return np.round(generator.normal(50, 10, rows), 3).astype(str)


def _predictions(metric: str, answers: np.ndarray, generator) -> list[str]:
    rows = len(answers)
    if metric in ("auroc", "map"):
        return [f"{value:.6f}" for value in generator.random(rows)]
    if metric in ("f1", "accuracy"):
        flip = generator.random(rows) < 0.3
        return [str(value) for value in np.where(flip, generator.permutation(answers), answers)]
    return [f"{float(value) + noise:.3f}" for value, noise in zip(answers, generator.normal(0, 5, rows), strict=True)]


def _csv(header: str, ids: list[str], values, extra: list[str] | None = None) -> bytes:
    out = io.StringIO()
    out.write(header + "\n")
    if extra is None:
        out.writelines(f"{key},{value}\n" for key, value in zip(ids, values, strict=True))
    else:
        out.writelines(f"{key},{value},{usage}\n" for key, value, usage in zip(ids, values, extra, strict=True))
    return out.getvalue().encode()


def _peak_mb(pid: int) -> float:
    """VmHWM (peak resident memory) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _run(args, environment: dict) -> int:
    import django

    django.setup()
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import User
    from challenge.enums import MemberRole, SubmissionStatus
    from challenge.models import Challenge, ChallengeTeam, Phase, Submission, TeamMember
    from challenge.services import set_answer_key, submit_predictions
    from events.enums import OrganizationKind
    from events.models import Event, Organization

    call_command("migrate", verbosity=0)
    generator = np.random.default_rng(2022)
    started = time.monotonic()
    Challenge.objects.filter(event__slug=SLUG).delete()
    User.objects.filter(email__endswith="@bench-challenge.example").delete()
    today = timezone.localdate()
    event, _ = Event.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name_ko": "채점 벤치마크", "name_en": "Scoring benchmark", "start_date": today,
            "end_date": today + datetime.timedelta(days=1), "venue_ko": "코엑스", "venue_en": "COEX",
            "registration_opens_at": timezone.now() - datetime.timedelta(days=30),
            "registration_closes_at": timezone.now() + datetime.timedelta(days=1),
        },
    )  # fmt: skip
    company, _ = Organization.objects.get_or_create(
        name_en="Bench Bio", defaults={"name_ko": "벤치 바이오", "kind": OrganizationKind.COMPANY}
    )
    schools = [
        Organization.objects.get_or_create(
            name_en=f"Bench AI Graduate School {n}",
            defaults={
                "name_ko": f"벤치 AI대학원 {n}",
                "kind": OrganizationKind.UNIVERSITY,
                "is_ai_graduate_school": True,
            },
        )[0]
        for n in range(SCHOOLS)
    ]
    challenge = Challenge.objects.create(
        event=event, title_ko="항원-항체 반응 예측", title_en="Antigen-antibody reaction prediction",
        data_provider=company, terms_ko="벤치마크", terms_en="Benchmark",
    )  # fmt: skip
    phase = Phase.objects.create(
        challenge=challenge, name_ko="본선", name_en="Final", metric=args.metric,
        opens_at=timezone.now() - datetime.timedelta(days=1), closes_at=timezone.now() + datetime.timedelta(days=1),
        daily_submission_limit=5, total_submission_limit=100,
    )  # fmt: skip
    ids = [f"ag-{n:06d}" for n in range(args.rows)]
    answers = _answers(args.metric, args.rows, generator)
    usage = np.where(generator.random(args.rows) < 0.3, "public", "private")
    key = _csv("id,answer,usage", ids, answers, list(usage))
    t0 = time.monotonic()
    phase = set_answer_key(phase=phase, upload=SimpleUploadedFile("answers.csv", key))
    key_seconds = time.monotonic() - t0
    teams = []
    for n in range(args.teams):
        team = ChallengeTeam.objects.create(
            challenge=challenge, name=f"Bench team {n}", graduate_school=schools[n % SCHOOLS]
        )
        user = User.objects.create_user(email=f"captain{n}@bench-challenge.example", password=None)
        TeamMember.objects.create(team=team, challenge=challenge, user=user, role=MemberRole.CAPTAIN)
        teams.append((team, user))
    print(f"Seeded {args.teams} teams and a {args.rows:,}-row answer key in {time.monotonic() - started:.0f} s.")

    # 1. Upload: validation in the web process.
    cpu, wall, sizes = [], [], []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    order = list(range(args.rows))
    for team, user in teams:
        generator.shuffle(order)
        values = _predictions(args.metric, answers, generator)
        data = _csv("id,prediction", [ids[at] for at in order], [values[at] for at in order])
        sizes.append(len(data))
        upload = SimpleUploadedFile("predictions.csv", data)
        c0, w0 = time.process_time(), time.monotonic()
        submit_predictions(team=team, phase=phase, user=user, upload=upload)
        cpu.append(time.process_time() - c0)
        wall.append(time.monotonic() - w0)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    upload_figures = {
        "files": len(wall),
        "mean_file_mb": sum(sizes) / len(sizes) / 1_048_576,
        "wall_s_per_file_median": float(np.median(wall)),
        "wall_s_per_file_p95": float(np.percentile(wall, 95)),
        "cpu_s_per_file_median": float(np.median(cpu)),
        "files_per_s": len(wall) / sum(wall),
        "rows_per_s": args.rows * len(wall) / sum(wall),
        "process_peak_rss_mb": rss_after,
        "process_peak_rss_mb_before_uploads": rss_before,
        "answer_key_parse_and_store_s": key_seconds,
    }

    # 2. Scoring: one scoring worker, as make run starts it.
    command = [
        sys.executable, "-m", "celery", "-A", "symposium", "worker", "-Q", "scoring", "--concurrency", "1",
        "-n", "bench-scoring@%h", "-l", "warning",
    ]  # fmt: skip
    worker = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
    submissions = Submission.objects.filter(phase=phase)
    done = (SubmissionStatus.SCORED, SubmissionStatus.FAILED)
    w0 = time.monotonic()
    first_done = None
    peak = 0.0
    try:
        while submissions.filter(status__in=done).count() < len(teams):
            if first_done is None and submissions.filter(status__in=done).exists():
                first_done = time.monotonic()
            children = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(worker.pid)], capture_output=True, text=True
            ).stdout.split()
            for pid in [worker.pid, *map(int, children)]:
                with contextlib.suppress(OSError):
                    peak = max(peak, _peak_mb(pid))
            if time.monotonic() - w0 > 3600:
                raise RuntimeError("scoring took more than an hour")
            time.sleep(0.5)
        total = time.monotonic() - w0
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    failed = submissions.filter(status=SubmissionStatus.FAILED).count()
    # From the first score on: the worker's start-up (Django, imports) is paid once, not per file.
    steady = time.monotonic() - (first_done or w0)
    scoring_figures = {
        "files": len(teams),
        "failed": failed,
        "wall_s_total_including_worker_startup": total,
        "files_per_s": len(teams) / total,
        "rows_per_s": args.rows * len(teams) / total,
        "files_per_s_after_first": (len(teams) - 1) / steady if steady > 0 else None,
        "worker_peak_rss_mb": peak,
        "hours_for_165_teams_x_5_per_day": 165 * 5 / (len(teams) / total) / 3600,
    }
    results = {"settings": vars(args), "upload_validation": upload_figures, "scoring_worker": scoring_figures}
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"challenge-scoring-{stamp}.json").write_text(json.dumps(results, indent=2))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
