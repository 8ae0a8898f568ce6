"""Tests: the same real PostgreSQL and Redis as development, never SQLite."""

from .local import *  # noqa: F403 - settings modules extend the base by star import

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing keeps tests quick
KEY_PREFIX_FOR_TESTS = "symposium-test"
CACHES["default"]["KEY_PREFIX"] = KEY_PREFIX_FOR_TESTS  # noqa: F405
