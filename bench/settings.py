"""Production settings plus a trivial view, for load benchmarks only."""

from symposium.settings.production import *  # noqa: F403 - benchmark the real production configuration

ROOT_URLCONF = "bench.urls"
