"""Reading and checking the CSV files of a phase: the organiser's answer key and a team's predictions.

Both are UTF-8 CSV (a byte-order mark is allowed). Every problem is reported with the line it is on,
in the reader's language, at most MAX_LISTED_PROBLEMS of them plus how many more there were, as one
ValidationError. Nothing here writes to the database.

The answer key has the columns ``id``, ``answer`` and ``usage`` (``public``: scored on the live
leaderboard; ``private``: scored for the final ranking). What an answer and a prediction are depends on
the phase's metric:

- AUROC and mean average precision: the answer is the label 0 or 1, both present in each part; the
  prediction is the probability (a number from 0 to 1) that the label is 1.
- Accuracy: the answer and the prediction are labels, read as text with the surrounding spaces removed
  (``cat`` and ``Cat`` differ); a prediction must be one of the answer key's labels.
- F1: binary, the labels are 0 and 1 and 1 is the positive class.
- RMSE: the answer and the prediction are finite numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .enums import AnswerUsage, Metric

MAX_LISTED_PROBLEMS = 20
MAX_LISTED_MISSING_IDS = 5
ANSWER_KEY_COLUMNS = ("id", "answer", "usage")
PROBABILITY_METRICS = frozenset({Metric.AUROC, Metric.MEAN_AVERAGE_PRECISION})
BINARY_LABELS = ("0", "1")


@dataclass(frozen=True)
class AnswerKey:
    """A parsed answer key: rows in the file's order, with the public ones marked."""

    sha256: str
    metric: str
    ids: tuple[str, ...]
    position: dict[str, int]  # id -> row
    answers: np.ndarray  # float64 for numeric metrics, str for accuracy and F1
    public: np.ndarray  # bool, True where the row scores the public leaderboard
    labels: frozenset[str]  # the set of answers, for accuracy and F1

    @property
    def rows(self) -> int:
        return len(self.ids)

    @property
    def public_rows(self) -> int:
        return int(self.public.sum())


@dataclass(frozen=True)
class Predictions:
    """A valid predictions file, its values in the answer key's row order."""

    sha256: str
    rows: int
    values: np.ndarray  # float64 or str, aligned with AnswerKey.ids


class Problems:
    """Collects what is wrong with a file, with line numbers, and raises them as one ValidationError."""

    def __init__(self) -> None:
        self.messages: list = []
        self.count = 0

    def add(self, message, *, summary: bool = False, **params) -> None:
        """Notes a problem; a `summary` is listed at the top even when the list is full (it sums up many lines)."""
        self.count += 1
        error = ValidationError(message, params=params or None, code="invalid_file")
        if summary:
            self.messages.insert(0, error)
            del self.messages[MAX_LISTED_PROBLEMS:]
        elif len(self.messages) < MAX_LISTED_PROBLEMS:
            self.messages.append(error)

    def stop(self) -> None:
        """Raises what was found, now (for problems that make reading further pointless)."""
        if self.count:
            errors = list(self.messages)
            more = self.count - len(self.messages)
            if more:
                errors.append(
                    ValidationError(
                        ngettext_lazy("… and %(count)d more problem.", "… and %(count)d more problems.", "count"),
                        params={"count": more},
                        code="invalid_file",
                    )
                )
            raise ValidationError(errors)

    def __bool__(self) -> bool:
        return self.count > 0


def _text_of(data: bytes, problems: Problems) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(
            _("Line %(line)d is not valid UTF-8 text. Save the file as CSV in UTF-8 and upload it again."),
            line=line,
        )
        problems.stop()
        raise AssertionError("unreachable") from error


def _rows(text: str, problems: Problems):
    """Yields (line number, fields) for each non-empty row; a malformed CSV is a problem on its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:
            problems.add(
                _("Line %(line)d is not valid CSV (a stray quote or an unreadable character)."),
                line=reader.line_num,
            )
            problems.stop()
            return
        if not fields or all(not field.strip() for field in fields):
            continue
        yield reader.line_num, [field.strip() for field in fields]


def _header(rows, expected: tuple[str, ...], problems: Problems) -> dict[str, int]:
    """The column of each expected name; a missing or extra column is a problem of line 1."""
    try:
        line, names = next(rows)
    except StopIteration:
        problems.add(_("The file is empty: it needs a header line and one line per id."))
        problems.stop()
        raise AssertionError("unreachable") from None
    missing = [name for name in expected if name not in names]
    extra = [name for name in names if name not in expected]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if missing:
        problems.add(
            _("Line %(line)d (the header) lacks the column(s) %(columns)s; the columns must be %(expected)s."),
            line=line,
            columns=", ".join(missing),
            expected=", ".join(expected),
        )
    if extra:
        problems.add(
            _(
                "Line %(line)d (the header) has column(s) that do not belong: %(columns)s; "
                "the columns must be %(expected)s."
            ),
            line=line,
            columns=", ".join(f"“{name}”" if name else _("(a column without a name)") for name in extra),
            expected=", ".join(expected),
        )
    if repeated:
        problems.add(
            _("Line %(line)d (the header) names the column(s) %(columns)s more than once."),
            line=line,
            columns=", ".join(repeated),
        )
    problems.stop()
    return {name: names.index(name) for name in expected}


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_size(data: bytes, *, limit: int, problems: Problems) -> None:
    if len(data) > limit:
        problems.add(
            _("The file is %(size)s MB; files of up to %(limit)s MB are accepted."),
            size=f"{len(data) / 1_048_576:.1f}",
            limit=f"{limit / 1_048_576:g}",
        )
        problems.stop()


def _too_many_rows(count: int, problems: Problems) -> None:
    problems.add(
        _("The file has more than %(limit)d lines of data, more than any answer key here."),
        limit=settings.CHALLENGE_MAX_PREDICTION_ROWS,
    )
    problems.stop()


# --- the answer key ---


def parse_answer_key(data: bytes, *, metric: str) -> AnswerKey:
    """Reads an organiser's answer key for a phase scored by `metric`; raises ValidationError if it is unusable."""
    problems = Problems()
    _check_size(data, limit=settings.CHALLENGE_MAX_ANSWER_KEY_BYTES, problems=problems)
    rows = _rows(_text_of(data, problems), problems)
    columns = _header(rows, ANSWER_KEY_COLUMNS, problems)
    id_at, answer_at, usage_at = (columns[name] for name in ANSWER_KEY_COLUMNS)
    width = max(columns.values()) + 1
    ids: list[str] = []
    position: dict[str, int] = {}
    answers: list = []
    public: list[bool] = []
    first_line: dict[str, int] = {}
    usages = {usage.value: usage == AnswerUsage.PUBLIC for usage in AnswerUsage}
    for line, fields in rows:
        if len(ids) >= settings.CHALLENGE_MAX_PREDICTION_ROWS:
            _too_many_rows(len(ids), problems)
        if len(fields) != width:
            problems.add(
                _("Line %(line)d has %(found)d values; it should have %(expected)d (id, answer, usage)."),
                line=line,
                found=len(fields),
                expected=width,
            )
            continue
        row_id, answer, usage = fields[id_at], fields[answer_at], fields[usage_at].lower()
        if not row_id:
            problems.add(_("Line %(line)d has no id."), line=line)
            continue
        if row_id in first_line:
            problems.add(
                _("Line %(line)d repeats the id “%(id)s” of line %(first)d."),
                line=line,
                id=row_id,
                first=first_line[row_id],
            )
            continue
        first_line[row_id] = line
        if usage not in usages:
            problems.add(
                _("Line %(line)d: the usage “%(usage)s” is neither “public” nor “private”."),
                line=line,
                usage=fields[usage_at],
            )
            continue
        if metric in (Metric.AUROC, Metric.MEAN_AVERAGE_PRECISION, Metric.F1):
            if answer not in BINARY_LABELS:
                problems.add(
                    _("Line %(line)d: the answer “%(answer)s” is not the label 0 or 1."), line=line, answer=answer
                )
                continue
            value = float(answer) if metric != Metric.F1 else answer
        elif metric == Metric.RMSE:
            value = _number(answer)
            if value is None:
                problems.add(
                    _("Line %(line)d: the answer “%(answer)s” is not a finite number."), line=line, answer=answer
                )
                continue
        else:
            if not answer:
                problems.add(_("Line %(line)d has no answer."), line=line)
                continue
            value = answer
        position[row_id] = len(ids)
        ids.append(row_id)
        answers.append(value)
        public.append(usages[usage])
    problems.stop()
    public_mask = np.array(public, dtype=bool)
    if metric in (Metric.ACCURACY, Metric.F1):
        answer_array = np.array(answers, dtype=str)
    else:
        answer_array = np.array(answers, dtype=np.float64)
    for mask, part in ((public_mask, _("public")), (~public_mask, _("private"))):
        if not mask.any():
            problems.add(_("The answer key has no %(part)s rows; it needs both public and private rows."), part=part)
        elif metric in PROBABILITY_METRICS and len(np.unique(answer_array[mask])) < 2:
            problems.add(
                _("The %(part)s rows of the answer key all have the same label; the metric needs both 0 and 1."),
                part=part,
            )
    problems.stop()
    return AnswerKey(
        sha256=hashlib.sha256(data).hexdigest(),
        metric=metric,
        ids=tuple(ids),
        position=position,
        answers=answer_array,
        public=public_mask,
        labels=frozenset(answers) if metric in (Metric.ACCURACY, Metric.F1) else frozenset(),
    )


_cache: OrderedDict[tuple[int, str, str], AnswerKey] = OrderedDict()
_cache_lock = threading.Lock()
CACHED_ANSWER_KEYS = 8


def answer_key_of(phase) -> AnswerKey:
    """The phase's parsed answer key, kept per process by (phase, sha256, metric) so each file is read once."""
    key = (phase.pk, phase.answer_key_sha256, phase.metric)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    try:
        with phase.answer_key.open("rb") as stored:
            data = stored.read()
    except (OSError, ValueError) as error:  # no file, or the file is gone from the storage
        raise ValidationError(
            _("This phase cannot be scored yet: the organisers have not set its answer key.")
        ) from error
    parsed = parse_answer_key(data, metric=phase.metric)
    if parsed.sha256 != phase.answer_key_sha256:
        raise ValidationError(_("The answer key's file changed after it was checked; upload it again."))
    with _cache_lock:
        _cache[key] = parsed
        while len(_cache) > CACHED_ANSWER_KEYS:
            _cache.popitem(last=False)
    return parsed


# --- the predictions ---


def parse_predictions(data: bytes, *, phase, answer_key: AnswerKey) -> Predictions:
    """Checks a predictions file against the phase's columns and answer key; raises ValidationError naming lines."""
    problems = Problems()
    _check_size(data, limit=settings.CHALLENGE_MAX_PREDICTIONS_BYTES, problems=problems)
    rows = _rows(_text_of(data, problems), problems)
    expected = (phase.id_column, phase.prediction_column)
    columns = _header(rows, expected, problems)
    id_at, value_at = columns[phase.id_column], columns[phase.prediction_column]
    width = max(columns.values()) + 1
    metric = answer_key.metric
    numeric = metric not in (Metric.ACCURACY, Metric.F1)
    values = np.full(answer_key.rows, np.nan) if numeric else np.empty(answer_key.rows, dtype=answer_key.answers.dtype)
    seen_on = np.zeros(answer_key.rows, dtype=np.int64)  # line of each answer key row's prediction, 0 if none
    labels = answer_key.labels
    label_list = ", ".join(sorted(labels))
    count = 0
    for line, fields in rows:
        count += 1
        if count > answer_key.rows and count > settings.CHALLENGE_MAX_PREDICTION_ROWS:
            _too_many_rows(count, problems)
        if len(fields) != width:
            problems.add(
                _("Line %(line)d has %(found)d values; it should have %(expected)d (%(columns)s)."),
                line=line,
                found=len(fields),
                expected=width,
                columns=", ".join(expected),
            )
            continue
        row_id, text = fields[id_at], fields[value_at]
        at = answer_key.position.get(row_id)
        if at is None:
            problems.add(_("Line %(line)d: the id “%(id)s” is not one of this phase's ids."), line=line, id=row_id[:80])
            continue
        if seen_on[at]:
            problems.add(
                _("Line %(line)d repeats the id “%(id)s” of line %(first)d."), line=line, id=row_id, first=seen_on[at]
            )
            continue
        seen_on[at] = line
        if metric in PROBABILITY_METRICS:
            value = _number(text)
            if value is None or not 0 <= value <= 1:
                problems.add(
                    _("Line %(line)d: the prediction “%(value)s” is not a probability from 0 to 1."),
                    line=line,
                    value=text[:40],
                )
                continue
        elif metric == Metric.RMSE:
            value = _number(text)
            if value is None:
                problems.add(
                    _("Line %(line)d: the prediction “%(value)s” is not a finite number."), line=line, value=text[:40]
                )
                continue
        else:
            if text not in labels:
                problems.add(
                    _("Line %(line)d: the prediction “%(value)s” is not one of the labels %(labels)s."),
                    line=line,
                    value=text[:40],
                    labels=label_list[:200],
                )
                continue
            value = text
        values[at] = value
    missing = np.flatnonzero(seen_on == 0)
    if len(missing):
        first = ", ".join(answer_key.ids[at] for at in missing[:MAX_LISTED_MISSING_IDS])
        problems.add(
            ngettext_lazy(
                "%(count)d id of the phase has no prediction: %(ids)s.",
                "%(count)d ids of the phase have no prediction, among them %(ids)s.",
                "count",
            ),
            summary=True,
            count=len(missing),
            ids=first,
        )
    problems.stop()
    return Predictions(sha256=hashlib.sha256(data).hexdigest(), rows=count, values=values)
