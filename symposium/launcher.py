"""What `make run` and `make test` do once the virtual environment exists.

    python -m symposium.launcher run    # services, migrations, demo data, gunicorn + workers + beat
    python -m symposium.launcher dev    # the same with Django's auto-reloading development server
    python -m symposium.launcher test   # services, then every test

Embedded PostgreSQL and Redis start only where DATABASE_URL or REDIS_URL is
unset, and only the servers started here are stopped on the way out.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from registration.demo_accounts import DEMO_ACCOUNTS, DEMO_EVENT_SLUG, DEMO_PASSWORD, TEAM_ACCOUNTS
from symposium.embedded import EmbeddedServiceError, ensure_services, stop_services

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STOP_GRACE_SECONDS = 15
# A process that stops on its own is started again, unless it keeps stopping: then
# something is wrong that a restart won't cure, and everything stops with the reason.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 60


class Shutdown(Exception):
    """Raised in the main thread by SIGTERM or SIGINT."""


def _raise_shutdown(signum, frame):
    raise Shutdown(signal.Signals(signum).name)


def _start_services() -> list[str]:
    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    if services.database_url:
        os.environ["DATABASE_URL"] = services.database_url
        print(f"PostgreSQL (embedded): {services.database_url}", flush=True)
    if services.redis_url:
        os.environ["REDIS_URL"] = services.redis_url
        print(f"Redis (embedded):      {services.redis_url}", flush=True)
    return services.owned


def _manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=PROJECT_ROOT, check=True)


def _pump(name: str, stream, width: int) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:<{width}} | {line}")
        sys.stdout.flush()


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _stop_processes(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _demo_banner(port: int) -> str:

    lines = [
        "",
        "=" * 64,
        f"  Symposium is running at http://127.0.0.1:{port}/",
        f"  Demo event:  http://127.0.0.1:{port}/{DEMO_EVENT_SLUG}/",
        f"  Admin:       http://127.0.0.1:{port}/admin/",
        "  Demo accounts (password for all: " + DEMO_PASSWORD + "):",
    ]
    lines += [f"    {email:<26} {purpose}" for email, _staff, purpose in DEMO_ACCOUNTS]
    lines += [f"    {email:<26} {purpose}" for email, _team, purpose in TEAM_ACCOUNTS]
    lines += ["  Press Ctrl-C to stop everything.", "=" * 64, ""]
    return "\n".join(lines)


def _web_command(port: int, *, reload: bool) -> list[str]:
    if reload:
        return [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}"]
    # gunicorn's threads bound the database connections (workers x threads, one each),
    # and requests beyond them wait in the listen backlog instead of being refused.
    return [
        PYTHON, "-m", "gunicorn", "symposium.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", os.environ.get("WEB_WORKERS", "2"),
        "--threads", os.environ.get("WEB_THREADS", "4"),
        "--worker-class", "gthread",
        "--backlog", "2048",
        "--timeout", "30",
        "--graceful-timeout", "10",
    ]  # fmt: skip


def _start(name: str, command: list[str], width: int) -> subprocess.Popen:
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,  # so Ctrl-C reaches them through us, in order
    )
    threading.Thread(target=_pump, args=(name, process.stdout, width), daemon=True).start()
    return process


def run(*, reload: bool = False) -> int:
    raw_port = os.environ.get("PORT", "8000")
    if not raw_port.isdigit() or not 1 <= int(raw_port) <= 65535:
        print(f"error: PORT={raw_port!r} is not a port number.", file=sys.stderr)
        return 2
    port = int(raw_port)
    if not _port_is_free(port):
        print(
            f"error: port {port} on 127.0.0.1 is already in use. Stop the program using it, "
            f"or choose another port: PORT=8123 make run",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposium.settings.local")
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    if reload:
        # runserver opens a thread, and so a connection, per request: keeping them would exhaust the server.
        os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")
    owned: list[str] = []
    processes: dict[str, subprocess.Popen] = {}
    signal.signal(signal.SIGTERM, _raise_shutdown)
    signal.signal(signal.SIGINT, _raise_shutdown)
    try:
        owned = _start_services()
        _manage("migrate", "--noinput", "-v", "0")
        _manage("load_demo")
        (PROJECT_ROOT / ".local").mkdir(exist_ok=True)
        commands = {
            "web": _web_command(port, reload=reload),
            # The default queue only: emails, reminders, sweeps. Scoring has a worker of its own, one file
            # at a time, so a queue of 100,000-row files never holds up a confirmation email.
            "worker": [PYTHON, "-m", "celery", "-A", "symposium", "worker", "-Q", "celery", "-l", "info",
                       "--concurrency", "2"],
            "scoring": [PYTHON, "-m", "celery", "-A", "symposium", "worker", "-Q", "scoring", "-n", "scoring@%h",
                        "-l", "info", "--concurrency", "1"],
            "beat": [PYTHON, "-m", "celery", "-A", "symposium", "beat", "-l", "info",
                     "-s", str(PROJECT_ROOT / ".local" / "celerybeat-schedule")],
        }  # fmt: skip
        width = max(map(len, commands))
        for name, command in commands.items():
            processes[name] = _start(name, command, width)
        print(_demo_banner(port), flush=True)
        parent = os.getppid()
        restarts: dict[str, list[float]] = {name: [] for name in commands}
        while True:
            if os.getppid() != parent:
                # `make` was killed without its children: nobody would stop us otherwise.
                raise Shutdown("parent exited")
            for name, process in processes.items():
                if process.poll() is None:
                    continue
                now = time.monotonic()
                recent = [moment for moment in restarts[name] if now - moment < RESTART_WINDOW_SECONDS]
                if len(recent) >= MAX_RESTARTS:
                    print(
                        f"{name} stopped with exit code {process.returncode}, {len(recent) + 1} times within "
                        f"{RESTART_WINDOW_SECONDS} s; stopping the rest.",
                        flush=True,
                    )
                    return 1
                restarts[name] = [*recent, now]
                print(f"{name} stopped with exit code {process.returncode}; starting it again.", flush=True)
                processes[name] = _start(name, commands[name], width)
            time.sleep(0.5)
    except Shutdown:
        print("\nStopping web, workers and beat...", flush=True)
        return 0
    except subprocess.CalledProcessError as error:
        print(f"error: {' '.join(map(str, error.cmd[1:]))} failed (exit {error.returncode}).", file=sys.stderr)
        return 1
    except EmbeddedServiceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop_processes(processes)
        if owned:
            print(f"Stopping embedded {' and '.join(owned)}...", flush=True)
            stop_services(owned)
        print("Stopped.", flush=True)


def test(pytest_args: list[str]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "symposium.settings.test"
    owned: list[str] = []
    try:
        owned = _start_services()
        return subprocess.run([PYTHON, "-m", "pytest", *pytest_args], cwd=PROJECT_ROOT).returncode
    except EmbeddedServiceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        stop_services(owned)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in {"run", "dev", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] in {"run", "dev"}:
        return run(reload=argv[1] == "dev")
    return test(argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
