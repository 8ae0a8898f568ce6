"""Development: embedded PostgreSQL and Redis where no URL is given."""

import os

from symposium.embedded import configure_environment

configure_environment()

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403 - settings modules extend the base by star import
from .base import DATABASE_CONN_MAX_AGE, DATABASE_URL, REDIS_URL, database_from_url  # noqa: E402

if not SECRET_KEY:  # noqa: F405 - from the star import above
    # A fixed key is fine for a machine that only serves itself; production refuses it.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

DATABASES = {"default": database_from_url(DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE)}
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CELERY_BROKER_URL = REDIS_URL

# WhiteNoise reads STATIC_ROOT at start-up; it stays empty until collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
