#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposium.settings.local")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 -- after the settings are named

    try:
        execute_from_command_line(sys.argv)
    except Exception as error:
        from symposium.embedded import EmbeddedServiceError  # noqa: PLC0415 -- loaded only to explain a failure

        if isinstance(error, EmbeddedServiceError):
            sys.exit(f"error: {error}")
        raise


if __name__ == "__main__":
    main()
