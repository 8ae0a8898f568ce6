"""Checking predictions files and answer keys: every problem named with its line, in the reader's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from challenge.enums import Metric
from challenge.predictions import answer_key_of, parse_answer_key, parse_predictions
from challenge.services import set_answer_key
from tests.challenge.conftest import LABELS, answer_key_text, csv_file, phase_with_key, predictions_text

pytestmark = pytest.mark.django_db

GOOD = dict.fromkeys(LABELS, 0.5)


def _problems(phase, text: str | bytes, language: str = "en") -> list[str]:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    with translation.override(language), pytest.raises(ValidationError) as error:
        parse_predictions(data, phase=phase, answer_key=answer_key_of(phase))
    with translation.override(language):
        return error.value.messages


def test_a_good_file_is_read_in_the_answer_keys_order_whatever_its_own():
    phase = phase_with_key()
    shuffled = {key: float(key[1:]) / 10 for key in reversed(list(LABELS))}

    predictions = parse_predictions(predictions_text(shuffled).encode(), phase=phase, answer_key=answer_key_of(phase))

    assert (predictions.rows, list(predictions.values)) == (10, [n / 10 for n in range(1, 11)])


def test_a_byte_order_mark_crlf_and_spaces_are_fine():
    phase = phase_with_key()
    text = "\ufeffid , prediction\r\n" + "".join(f" {key} , 0.25 \r\n" for key in LABELS) + "\r\n"

    predictions = parse_predictions(text.encode("utf-8"), phase=phase, answer_key=answer_key_of(phase))

    assert predictions.rows == 10


def test_wrong_columns_are_named():
    phase = phase_with_key()

    assert _problems(phase, "id,score,extra\na1,0.5,1\n") == [
        "Line 1 (the header) lacks the column(s) prediction; the columns must be id, prediction.",
        "Line 1 (the header) has column(s) that do not belong: “score”, “extra”; the columns must be id, prediction.",
    ]


def test_wrong_columns_in_korean():
    phase = phase_with_key()

    assert _problems(phase, "id\na1\n", language="ko") == [
        "1번째 줄(머리글)에 열 prediction이(가) 없습니다. 열은 id, prediction이어야 합니다."
    ]


def test_an_empty_file_is_refused():
    assert _problems(phase_with_key(), b"") == ["The file is empty: it needs a header line and one line per id."]


def test_bytes_that_are_not_utf8_name_their_line():
    phase = phase_with_key()
    data = predictions_text(GOOD).encode().replace(b"a3,0.5", "a3,0.5 한글".encode("cp949"))

    assert _problems(phase, data) == [
        "Line 4 is not valid UTF-8 text. Save the file as CSV in UTF-8 and upload it again."
    ]


def test_a_stray_quote_names_its_line():
    phase = phase_with_key()

    assert _problems(phase, 'id,prediction\na1,0.5\na2,"0.5"x\n') == [
        "Line 3 is not valid CSV (a stray quote or an unreadable character)."
    ]


def test_duplicate_unknown_and_missing_ids_are_named_with_their_lines():
    phase = phase_with_key()
    text = "id,prediction\na1,0.1\na2,0.2\na1,0.3\nzz9,0.4\n"

    assert _problems(phase, text) == [
        "8 ids of the phase have no prediction, among them a3, a4, a5, a6, a7.",
        "Line 4 repeats the id “a1” of line 2.",
        "Line 5: the id “zz9” is not one of this phase's ids.",
    ]


def test_one_missing_id_is_named():
    phase = phase_with_key()
    values = dict(GOOD)
    del values["a10"]

    assert _problems(phase, predictions_text(values)) == ["1 id of the phase has no prediction: a10."]


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan", "inf", "high", ""])
def test_probabilities_outside_0_to_1_are_refused(value):
    phase = phase_with_key()
    values = {**GOOD, "a2": value}

    assert _problems(phase, predictions_text(values)) == [
        f"Line 3: the prediction “{value}” is not a probability from 0 to 1."
    ]


def test_a_row_with_too_many_values_names_its_line():
    phase = phase_with_key()
    text = predictions_text(GOOD).replace("a5,0.5", "a5,0.5,0.7")

    assert (
        _problems(phase, text)
        == [
            "Line 6 has 3 values; it should have 2 (id, prediction).",
            "1 id of the phase has no prediction: a5.",
        ][::-1]
    )


def test_labels_outside_the_answer_keys_set_are_refused_for_accuracy():
    phase = phase_with_key(Metric.ACCURACY, answers={f"a{n}": "cat" if n % 2 else "dog" for n in range(1, 11)})
    values = dict.fromkeys(LABELS, "cat") | {"a4": "Cat"}

    assert _problems(phase, predictions_text(values)) == [
        "Line 5: the prediction “Cat” is not one of the labels cat, dog."
    ]


def test_rmse_takes_any_finite_number():
    phase = phase_with_key(Metric.RMSE, answers={f"a{n}": n * 1.5 for n in range(1, 11)})
    values = dict.fromkeys(LABELS, "-12.5e3") | {"a9": "NaN"}

    assert _problems(phase, predictions_text(values)) == ["Line 10: the prediction “NaN” is not a finite number."]


def test_the_listed_problems_stop_at_twenty_and_say_how_many_more():
    phase = phase_with_key()
    text = "id,prediction\n" + "".join(f"x{n},0.5\n" for n in range(30)) + predictions_text(GOOD).split("\n", 1)[1]

    messages = _problems(phase, text)

    assert (len(messages), messages[0], messages[-1]) == (
        21,
        "Line 2: the id “x0” is not one of this phase's ids.",
        "… and 10 more problems.",
    )


def test_the_listed_problems_in_korean():
    phase = phase_with_key()
    text = "id,prediction\n" + "".join(f"x{n},2\n" for n in range(25)) + predictions_text(GOOD).split("\n", 1)[1]

    messages = _problems(phase, text, language="ko")

    assert (messages[0], messages[-1]) == (
        "2번째 줄: ID “x0”은(는) 이 단계의 ID가 아닙니다.",
        "… 외에 문제가 5개 더 있습니다.",
    )


@override_settings(CHALLENGE_MAX_PREDICTIONS_BYTES=1024 * 1024)
def test_a_file_over_the_size_limit_is_refused():
    phase = phase_with_key()

    assert _problems(phase, predictions_text(GOOD) + "\n" * 1_300_000) == [
        "The file is 1.2 MB; files of up to 1 MB are accepted."
    ]


@override_settings(CHALLENGE_MAX_PREDICTION_ROWS=12)
def test_a_file_over_the_row_cap_is_refused():
    phase = phase_with_key()
    text = predictions_text(GOOD) + "".join(f"x{n},0.5\n" for n in range(5))

    assert _problems(phase, text)[-1] == "The file has more than 12 lines of data, more than any answer key here."


def test_the_answer_key_is_parsed_once_per_process():
    phase = phase_with_key()

    assert answer_key_of(phase) is answer_key_of(phase)
    assert (phase.answer_rows, phase.public_answer_rows, len(phase.answer_key_sha256)) == (10, 5, 64)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,answer\na1,1\n", "Line 1 (the header) lacks the column(s) usage; the columns must be id, answer, usage."),
        ("id,answer,usage\na1,1,public\na1,0,private\n", "Line 3 repeats the id “a1” of line 2."),
        ("id,answer,usage\na1,1,secret\n", "Line 2: the usage “secret” is neither “public” nor “private”."),
        ("id,answer,usage\na1,yes,public\n", "Line 2: the answer “yes” is not the label 0 or 1."),
        (
            "id,answer,usage\na1,1,public\na2,1,public\na3,1,private\na4,0,private\n",
            "The public rows of the answer key all have the same label; the metric needs both 0 and 1.",
        ),
        (
            "id,answer,usage\na1,1,public\na2,0,public\n",
            "The answer key has no private rows; it needs both public and private rows.",
        ),
    ],
)
def test_a_bad_answer_key_is_refused_with_its_line(text, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_answer_key(text.encode(), metric=Metric.AUROC)

    with translation.override("en"):
        assert error.value.messages == [message]


def test_an_answer_key_for_rmse_needs_numbers():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_answer_key(answer_key_text({"a1": "1e400", "a2": "2"}, public_ids=("a1",)).encode(), metric=Metric.RMSE)

    with translation.override("en"):
        assert error.value.messages == ["Line 2: the answer “1e400” is not a finite number."]


def test_a_new_answer_key_replaces_the_old_file_and_counts(django_capture_on_commit_callbacks):
    phase = phase_with_key()
    old = phase.answer_key.name
    storage = phase.answer_key.storage

    with django_capture_on_commit_callbacks(execute=True):
        phase = set_answer_key(
            phase=phase, upload=csv_file(answer_key_text({**LABELS, "a11": 0}, public_ids=("a1", "a2", "a3")))
        )

    phase.refresh_from_db()
    assert (
        phase.answer_rows,
        phase.public_answer_rows,
        storage.exists(old),
        storage.exists(phase.answer_key.name),
    ) == (
        11,
        3,
        False,
        True,
    )
    assert answer_key_of(phase).ids[-1] == "a11"
