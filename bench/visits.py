"""Benchmark: the visit API under 50 concurrent scanners, unique and repeated badges.

    .venv/bin/python -m bench.visits [--seconds 15] [--connections 50] [--workers 3]

Serves the production settings with gunicorn against PostgreSQL (database
symposium_bench), and drives POST /api/booths/<id>/visits with wrk and a Lua
script: 25 booths with device tokens, 2,000 attendees. "unique" sends a new
(booth, badge) pair each time (every request creates a visit); "repeated" cycles
10 badges (every request after the first few is a duplicate). Target: 99th
percentile under 100 ms. Needs wrk (Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.programme import PORT, _database_url, _ensure_database, gunicorn, run_wrk
from symposium.embedded import ensure_services, stop_services

ROOT = Path(__file__).resolve().parent.parent

LUA = """
local devices = {}
local codes = {}
local counter = 0
local repeated = os.getenv("BENCH_REPEATED") == "1"
for line in io.lines(os.getenv("BENCH_DEVICES")) do
  local id, token = line:match("(%d+) (.+)")
  table.insert(devices, {id = id, token = token})
end
for line in io.lines(os.getenv("BENCH_CODES")) do table.insert(codes, line) end
local thread_id = 0
setup = function(thread) thread:set("thread_id", thread_id); thread_id = thread_id + 1 end
request = function()
  counter = counter + 1
  local device = devices[(counter % #devices) + 1]
  local index = repeated and (counter % 10) or (math.floor(counter / #devices) + thread_id * 997)
  local code = codes[(index % #codes) + 1]
  local body = string.format('{"badge_code":"%s","nonce":"n-%d-%d-%d"}', code, thread_id, counter, math.random(1, 1000000000))
  return wrk.format("POST", "/api/booths/" .. device.id .. "/visits",
    {["Content-Type"] = "application/json", ["Authorization"] = "Device " .. device.token}, body)
end
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("error: wrk is needed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2
    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    database_url = _database_url(os.environ.get("DATABASE_URL") or services.database_url, "symposium_bench")
    _ensure_database(database_url)
    redis_url = (os.environ.get("REDIS_URL") or services.redis_url).rsplit("/", 1)[0] + "/2"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    workdir = Path(tempfile.mkdtemp(prefix="symposium-bench-"))
    seed = (
        "import django, json; django.setup(); from bench.seed_visits import seed; "
        f"devices, codes = seed(); open({str(workdir / 'devices')!r}, 'w').write(''.join(f'{{i}} {{t}}\\n' for i, t in devices)); "
        f"open({str(workdir / 'codes')!r}, 'w').write(''.join(c + '\\n' for c in codes))"
    )
    subprocess.run([python, "-c", seed], cwd=ROOT, env=environment, check=True)
    (workdir / "scan.lua").write_text(LUA)
    results = {}
    try:
        with gunicorn(environment, workers=args.workers):
            for name, repeated in (("unique badges", "0"), ("repeated badges", "1")):
                os.environ.update(
                    {
                        "BENCH_DEVICES": str(workdir / "devices"),
                        "BENCH_CODES": str(workdir / "codes"),
                        "BENCH_REPEATED": repeated,
                    }
                )
                results[name] = run_wrk(
                    f"http://127.0.0.1:{PORT}/", seconds=args.seconds, connections=args.connections,
                    script=str(workdir / "scan.lua"),
                )  # fmt: skip
    finally:
        stop_services(services.owned)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{'scenario':<18}{'req/s':>10}{'median ms':>12}{'p99 ms':>10}{'non-2xx':>10}")
    for name, figures in results.items():
        print(
            f"{name:<18}{figures['requests_per_second']:>10.0f}{figures['median_ms']:>12.2f}"
            f"{figures['p99_ms']:>10.2f}{figures['errors']:>10}"
        )
    worst = max(figures["p99_ms"] for figures in results.values())
    print(
        f"\nTarget: 99th percentile under 100 ms with {args.connections} scanners: {'met' if worst < 100 else 'NOT met'}."
    )
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"visits-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
