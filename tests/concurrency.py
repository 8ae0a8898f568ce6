"""Running a function in real parallel transactions: each thread its own PostgreSQL connection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import connection


def run_in_parallel(target: Callable, arguments: Iterable, *, timeout: float = 120) -> tuple[list, list]:
    """Calls target(argument) in one thread per argument, all released at once.

    Returns (results, errors); a thread's exception is collected, not raised.
    """
    arguments = list(arguments)
    barrier = threading.Barrier(len(arguments))
    results: list = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(argument):
        try:
            barrier.wait(timeout=30)
            result = target(argument)
            with lock:
                results.append(result)
        except BaseException as error:  # noqa: BLE001 - handed back to the test to assert on
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
