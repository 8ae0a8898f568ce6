"""Tests: the same real PostgreSQL and Redis as development, never SQLite."""

import os
from urllib.parse import urlsplit, urlunsplit

from .local import *  # noqa: F403 - settings modules extend the base by star import

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing keeps tests quick
KEY_PREFIX_FOR_TESTS = "symposium-test"
CACHES["default"]["KEY_PREFIX"] = KEY_PREFIX_FOR_TESTS  # noqa: F405


def _redis_database(url: str, number: int) -> str:
    """The same Redis server, another database: a running `make run` never sees test tasks."""

    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


CELERY_BROKER_URL = _redis_database(REDIS_URL, 1)  # noqa: F405
CACHES["default"]["LOCATION"] = _redis_database(REDIS_URL, 1)  # noqa: F405

# A test that kills a scoring worker mid-score holds it, after its claim, while this file exists.
CHALLENGE_SCORING_HOLD_FILE = os.environ.get("CHALLENGE_SCORING_HOLD_FILE", "")
