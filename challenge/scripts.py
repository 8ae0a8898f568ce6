"""Running an organiser's own scoring script, in a separate process with limits and no network.

The contract: the script is Python, run as ``python script.py PREDICTIONS ANSWERS`` in an empty
temporary directory; PREDICTIONS is the team's file as uploaded, ANSWERS a CSV with the columns
``id,answer`` holding the public or the private rows of the answer key (it is run once for each);
it prints one number, its score, and nothing else on standard output.

Limits, set on the child before it starts:
- time: the phase's `script_time_limit_seconds` of CPU (RLIMIT_CPU) and of wall-clock time (then
  its process group is killed);
- memory: the phase's `script_memory_limit_mb` of address space (RLIMIT_AS), plus limits on open
  files and on the size of files it writes;
- environment: empty but for single-threaded maths libraries; the project's interpreter in isolated
  mode (-I: no PYTHON* variables, no user site), so numpy, pandas-free scikit-learn are at hand;
- network: where the kernel allows unprivileged user namespaces (`unshare -rn`, checked once per
  process), the script runs in a network namespace of its own with no interface up, so every
  connection fails in the kernel. Always, and the only guard where namespaces are unavailable,
  an audit hook installed before the script runs refuses sockets and new processes. An audit hook
  is not a security boundary (ctypes can get around it): on such a machine, run only scripts you trust.

What the script writes on standard error is logged for the organisers, never shown to teams (it
may quote answers).
"""

from __future__ import annotations

import csv
import functools
import logging
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Run inside the child before the organiser's script: no sockets, no further processes.
BOOTSTRAP = r"""
import runpy, sys
_REFUSED = ("socket.", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
            "pty.spawn")
def _refuse(event, args):
    if event.startswith(_REFUSED):
        raise PermissionError(f"{event} is not allowed in a scoring script")
sys.addaudithook(_refuse)
script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
"""
MAX_OUTPUT_BYTES = 10_000
MAX_WRITTEN_BYTES = 256 * 1024 * 1024
MAX_OPEN_FILES = 64


class ScriptFailed(Exception):
    """The script did not give a score; `message` says why, for the team (lazy, translated when shown)."""

    def __init__(self, message, *, params: dict | None = None, detail: str = "") -> None:
        super().__init__(detail or "scoring script failed")
        self.message = message
        self.params = params
        self.detail = detail


@functools.cache
def network_namespace_prefix() -> tuple[str, ...]:
    """("unshare", "-rn") if this machine lets us make a network namespace, else () (audit hook only)."""
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    try:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10, env={})  # noqa: S603 - a fixed command
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return (unshare, "-rn") if probe.returncode == 0 else ()


def _limits(*, seconds: int, megabytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        memory = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_WRITTEN_BYTES, MAX_WRITTEN_BYTES))
        resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_OPEN_FILES, MAX_OPEN_FILES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_script(script: Path, *, predictions: Path, answers: Path, seconds: int, megabytes: int) -> float:
    """Runs the script on the two files under the limits; returns the one number it printed or raises ScriptFailed."""
    with tempfile.TemporaryDirectory(prefix="symposium-score-") as workdir:
        command = [
            *network_namespace_prefix(),
            sys.executable,
            "-I",
            "-c",
            BOOTSTRAP,
            str(script),
            str(predictions),
            str(answers),
        ]
        environment = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        process = subprocess.Popen(  # noqa: S603 - our interpreter and bootstrap; the script is the organiser's, limited
            command,
            cwd=workdir,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_limits(seconds=seconds, megabytes=megabytes),
        )
        try:
            stdout, stderr = process.communicate(timeout=seconds + 1)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ScriptFailed(
                _("The scoring script took longer than %(seconds)d seconds."),
                params={"seconds": seconds},
                detail="wall-clock timeout",
            ) from None
    errors = stderr[-MAX_OUTPUT_BYTES:].decode("utf-8", "replace")
    if process.returncode in (-signal.SIGXCPU, -signal.SIGKILL) and "MemoryError" not in errors:
        raise ScriptFailed(
            _("The scoring script took longer than %(seconds)d seconds."),
            params={"seconds": seconds},
            detail=f"signal {-process.returncode}",
        )
    if process.returncode != 0:
        logger.warning("scoring script %s exited with %s: %s", script.name, process.returncode, errors)
        if "MemoryError" in errors:
            raise ScriptFailed(
                _("The scoring script used more than %(megabytes)d MB of memory."),
                params={"megabytes": megabytes},
                detail="MemoryError",
            )
        raise ScriptFailed(_("The scoring script stopped with an error."), detail=errors[-500:])
    text = stdout[:MAX_OUTPUT_BYTES].decode("utf-8", "replace").strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        logger.warning("scoring script %s printed %r, not one number", script.name, text[:200])
        raise ScriptFailed(_("The scoring script did not print one number."), detail=text[:200])
    return value


def score_with_script(*, phase, answer_key, data: bytes) -> tuple[float, float]:
    """(public, private) from the phase's scoring script, run once on each part of the answer key."""
    with tempfile.TemporaryDirectory(prefix="symposium-files-") as files:
        folder = Path(files)
        script = folder / "score.py"
        with phase.scoring_script.open("rb") as stored:
            script.write_bytes(stored.read())
        predictions = folder / "predictions.csv"
        predictions.write_bytes(data)
        scores = []
        for part, mask in (("public", answer_key.public), ("private", ~answer_key.public)):
            answers = folder / f"answers-{part}.csv"
            with answers.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["id", "answer"])
                for row_id, answer in zip(
                    (answer_key.ids[at] for at in mask.nonzero()[0]), answer_key.answers[mask], strict=True
                ):
                    writer.writerow([row_id, f"{answer:g}" if isinstance(answer, float) else answer])
            scores.append(
                run_script(
                    script,
                    predictions=predictions,
                    answers=answers,
                    seconds=phase.script_time_limit_seconds,
                    megabytes=phase.script_memory_limit_mb,
                )
            )
    return scores[0], scores[1]
