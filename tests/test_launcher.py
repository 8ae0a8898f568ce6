"""`make run` as a newcomer starts it: gunicorn, a worker, a scoring worker and beat; a crashed process comes back."""

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

from tests.conftest import wait_for

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@pytest.fixture
def empty_database():
    """A database of its own on the same server, so the demo loads into nothing the tests use."""
    name = f"launcher_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(_with_database(os.environ["DATABASE_URL"], "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield _with_database(os.environ["DATABASE_URL"], name)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


class Launcher:
    def __init__(self, database_url: str):
        self.port = _free_port()
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path="/3")),
            "PORT": str(self.port),
            "DJANGO_SETTINGS_MODULE": "symposium.settings.local",
        }
        environment.pop("SITE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "symposium.launcher", "run"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for_line(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never printed; last lines:\n{''.join(self.seen[-30:])}")

    def children(self, needle: str) -> list[int]:
        listing = subprocess.run(["ps", "-ww", "-eo", "pid=,ppid=,args="], capture_output=True, text=True).stdout
        rows = (line.split(None, 2) for line in listing.splitlines())
        return [int(pid) for pid, ppid, args in rows if int(ppid) == self.process.pid and needle in args]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        return self.process.wait(timeout=60)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _get(url: str):
    try:
        return urllib.request.urlopen(url, timeout=5)  # noqa: S310 - always a loopback http:// URL built here
    except OSError:
        return None


def test_make_run_serves_with_gunicorn_and_restarts_a_killed_worker(empty_database):
    launcher = Launcher(empty_database)
    try:
        launcher.wait_for_line("Press Ctrl-C to stop everything", timeout=240)
        health = wait_for(lambda: _get(f"http://127.0.0.1:{launcher.port}/healthz"), timeout=60, what="healthz")
        assert health.status == 200
        assert "gunicorn" in health.headers.get("Server", "")
        launcher.wait_for_line(" ready.")  # the worker's banner line

        [worker] = launcher.children("celery -A symposium worker -Q celery")
        [scoring] = launcher.children("celery -A symposium worker -Q scoring")
        started = launcher.children("")
        os.killpg(worker, signal.SIGKILL)  # as the kernel's out-of-memory killer would

        launcher.wait_for_line("worker stopped with exit code -9; starting it again.")
        launcher.wait_for_line(" ready.")
        assert launcher.process.poll() is None
        new_worker = wait_for(lambda: launcher.children("celery -A symposium worker -Q celery"), what="a new worker")
        assert new_worker != [worker]
        assert launcher.children("celery -A symposium worker -Q scoring") == [scoring]
        assert _get(f"http://127.0.0.1:{launcher.port}/healthz").status == 200
        started += launcher.children("")
    finally:
        code = launcher.stop()
    assert code == 0
    assert [pid for pid in started if _alive(pid)] == []
