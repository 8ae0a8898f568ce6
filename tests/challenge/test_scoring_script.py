"""An organiser's scoring script: a separate process with a time and memory limit, no network, nothing inherited."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from challenge import scoring
from challenge.enums import SubmissionStatus
from challenge.models import Submission
from challenge.scripts import ScriptFailed, network_namespace_prefix, run_script
from challenge.services import submit_predictions
from tests.challenge.conftest import LABELS, ChallengeTeamFactory, csv_file, member, phase_with_key, predictions_text


def _run(tmp_path, body: str, *, seconds: int = 10, megabytes: int = 512) -> float:
    script = tmp_path / "score.py"
    script.write_text(textwrap.dedent(body))
    predictions, answers = tmp_path / "predictions.csv", tmp_path / "answers.csv"
    predictions.write_text("id,prediction\na1,1\n")
    answers.write_text("id,answer\na1,1\n")
    return run_script(script, predictions=predictions, answers=answers, seconds=seconds, megabytes=megabytes)


def _failure(tmp_path, body: str, **limits) -> str:
    with pytest.raises(ScriptFailed) as error, translation.override("en"):
        _run(tmp_path, body, **limits)
    with translation.override("en"):
        return str(error.value.message) % (error.value.params or {})


def test_a_script_gets_both_files_and_its_one_number_is_the_score(tmp_path):
    body = """
        import csv, sys
        predictions = {row["id"]: row["prediction"] for row in csv.DictReader(open(sys.argv[1]))}
        answers = {row["id"]: row["answer"] for row in csv.DictReader(open(sys.argv[2]))}
        print(sum(predictions[key] == answers[key] for key in answers) / len(answers))
    """

    assert _run(tmp_path, body) == 1.0


def test_a_script_runs_with_an_empty_environment_in_an_empty_directory(tmp_path):
    body = """
        import os
        print(int(os.listdir(".") == [] and "DATABASE_URL" not in os.environ and "PATH" not in os.environ))
    """

    assert _run(tmp_path, body) == 1.0


def test_a_script_that_spins_is_stopped_at_its_cpu_time_limit(tmp_path):
    assert _failure(tmp_path, "while True:\n    pass\n", seconds=1) == "The scoring script took longer than 1 seconds."


def test_a_script_that_waits_is_stopped_at_its_wall_clock_limit(tmp_path):
    body = "import time\ntime.sleep(30)\nprint(1)\n"

    assert _failure(tmp_path, body, seconds=1) == "The scoring script took longer than 1 seconds."


def test_a_script_that_takes_too_much_memory_is_stopped(tmp_path):
    body = "block = bytearray(2 * 1024 * 1024 * 1024)\nprint(1)\n"

    assert _failure(tmp_path, body, megabytes=256) == "The scoring script used more than 256 MB of memory."


@pytest.fixture
def listener():
    """A server on loopback that a script would reach if it had a network."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_a_script_cannot_open_a_connection(tmp_path, listener):
    body = f"""
        import socket
        try:
            socket.create_connection(("127.0.0.1", {listener}), timeout=2).close()
            print(1)
        except Exception:
            print(0)
    """

    assert _run(tmp_path, body) == 0.0


@pytest.fixture
def no_namespaces(monkeypatch):
    """A machine without `unshare`: only the audit hook stands between the script and the network."""
    monkeypatch.setenv("PATH", "/nonexistent")
    network_namespace_prefix.cache_clear()
    yield
    network_namespace_prefix.cache_clear()


def test_without_namespaces_the_audit_hook_still_refuses_connections(tmp_path, listener, no_namespaces):
    body = f"""
        import socket
        try:
            socket.create_connection(("127.0.0.1", {listener}), timeout=2).close()
            print(1)
        except PermissionError:
            print(0)
    """

    assert (network_namespace_prefix(), _run(tmp_path, body)) == ((), 0.0)


@pytest.mark.skipif(not network_namespace_prefix(), reason="this machine allows no unprivileged network namespace")
def test_the_network_namespace_alone_refuses_connections_too(listener):
    """Where namespaces work, the kernel refuses, whatever the script does to get round the audit hook."""
    code = f"import socket; socket.create_connection(('127.0.0.1', {listener}), timeout=2)"

    inside = subprocess.run([*network_namespace_prefix(), sys.executable, "-c", code], capture_output=True)
    outside = subprocess.run([sys.executable, "-c", code], capture_output=True)

    assert (inside.returncode != 0, outside.returncode) == (True, 0)
    assert b"Network is unreachable" in inside.stderr


def test_a_script_cannot_start_other_programs(tmp_path):
    body = """
        import subprocess
        try:
            subprocess.run(["/bin/true"])
            print(1)
        except PermissionError:
            print(0)
    """

    assert _run(tmp_path, body) == 0.0


@pytest.mark.parametrize("output", ["score: 0.5", "", "nan", "0.5\\n0.7"])
def test_a_script_that_does_not_print_one_number_fails(tmp_path, output):
    assert _failure(tmp_path, f"print('{output}')\n") == "The scoring script did not print one number."


def test_a_script_that_raises_fails_without_showing_its_error_to_the_team(tmp_path):
    body = "raise RuntimeError('the answer for a1 is 1')\n"

    assert _failure(tmp_path, body) == "The scoring script stopped with an error."


@pytest.mark.django_db
def test_a_phase_with_a_script_scores_the_public_and_private_parts_apart():
    phase = phase_with_key()
    # The script's score tells which rows it was given: ten per row, plus one if a1 (a public id) was among them.
    script = (
        "import csv, sys\n"
        "ids = [row['id'] for row in csv.DictReader(open(sys.argv[2]))]\n"
        "print(len(ids) * 10 + ('a1' in ids))\n"
    )
    phase.scoring_script.save("score.py", ContentFile(script.encode()))
    team = ChallengeTeamFactory(challenge=phase.challenge)
    submission = submit_predictions(
        team=team, phase=phase, user=member(team), upload=csv_file(predictions_text(dict.fromkeys(LABELS, 0.5)))
    )

    assert scoring.score_submission(submission_id=submission.pk) == "scored"

    scored = Submission.objects.get(pk=submission.pk)
    assert (scored.status, scored.public_score, scored.private_score) == (SubmissionStatus.SCORED, 51.0, 50.0)
