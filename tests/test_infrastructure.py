"""The services under the app are real, and the deployment settings are sound."""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from symposium import embedded

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_database_is_a_real_postgresql_server():
    with connection.cursor() as cursor:
        # Range types and generate_series exist only in PostgreSQL.
        cursor.execute("SELECT int4range(1, 10) @> 5, count(*) FROM generate_series(1, 3)")
        contains, count = cursor.fetchone()
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])

    assert (contains, count) == (True, 3)
    assert version >= 150000
    assert connection.vendor == "postgresql"


def test_redis_is_a_real_server_round_trip():
    client = redis.Redis.from_url(settings.REDIS_URL)
    key = f"symposium-test:{secrets.token_hex(8)}"

    client.set(key, "한국어", ex=60)
    value = client.get(key).decode()
    client.delete(key)

    assert value == "한국어"
    assert client.info("server")["redis_version"].count(".") == 2


@pytest.mark.django_db
def test_healthz_reports_both_services_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_redis_is_stopped(client, settings, tmp_path):
    port = _free_port()
    embedded.start_redis(tmp_path, port)
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    try:
        up = client.get("/healthz")
    finally:
        embedded.stop_redis(tmp_path)

    down = client.get("/healthz")

    assert up.status_code == 200
    assert down.status_code == 503
    assert down.json() == {"status": "unavailable", "database": "ok", "redis": "unreachable"}


def test_embedded_redis_refuses_a_taken_port_with_a_clear_message(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]

        with pytest.raises(embedded.EmbeddedServiceError) as error:
            embedded.start_redis(tmp_path, port)

    assert str(error.value).startswith(f"Port {port} on 127.0.0.1 is taken by another program")


def test_production_settings_pass_the_deploy_check():
    environment = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "symposium.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "symposium.example",
        "SITE_URL": "https://symposium.example",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": os.environ["REDIS_URL"],
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_settings_refuse_sqlite():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "symposium.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "sqlite:///db.sqlite3",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert "DATABASE_URL must be a PostgreSQL URL" in result.stderr


def test_embedded_postgres_refuses_a_data_folder_of_another_major_version(tmp_path):
    (tmp_path / "PG_VERSION").write_text("16\n")

    with pytest.raises(embedded.EmbeddedServiceError) as error:
        embedded._check_data_dir_version(tmp_path)

    assert str(error.value).startswith(f"The embedded database folder {tmp_path} was made by PostgreSQL 16")
