"""The one exporter behind every table organisers and booth managers download.

Each app builds a ``Table`` (a selector's job); this module writes it as CSV
(UTF-8 with a byte-order mark, so Excel reads Korean) or as an Excel workbook.
Either way a text cell that a spreadsheet would take for a formula (one that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: OWASP's
"CSV injection") reaches the file as plain text: in CSV with a leading ``'``,
in .xlsx as a string cell marked "quote prefix", as Excel itself does when a
person types ``'=...``.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Table:
    """What an export holds: a file name (without extension), the header and the rows."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def _plain(value: object) -> object:
    """Numbers stay numbers; dates become ISO text; everything else is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def csv_cell(value: object) -> object:
    value = _plain(value)
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def read_cell(value: str | None) -> str:
    """Undoes csv_cell's quote on import, so an export read back gives the same text."""
    value = value or ""
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def csv_text(table: Table) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([csv_cell(value) for value in table.header])
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    return output.getvalue()


def csv_bytes(table: Table) -> bytes:
    return ("\ufeff" + csv_text(table)).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31] or "export")
    sheet.append([_xlsx_cell(sheet, value) for value in table.header])
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(sheet, value: object):
    value = _plain(value)
    if isinstance(value, str):
        # Control characters other than tab and newlines are not allowed in a workbook.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
        cell.quotePrefix = True
    return cell


def requested_format(request, default: str = "csv") -> str:
    """The format a download link asks for (?format=xlsx); anything unknown is the default."""
    file_format = request.GET.get("format", default)
    return file_format if file_format in FORMATS else default


# Who records each export: the audit app registers itself here (audit/apps.py), so that common needs
# no app above it and still no download goes unrecorded.
_export_recorders: list[Callable[..., None]] = []


def register_export_recorder(recorder: Callable[..., None]) -> None:
    """`recorder(actor=, event=, subject=, row_count=, table=, file_format=)` runs in each export's transaction."""
    if recorder not in _export_recorders:
        _export_recorders.append(recorder)


def export_response(
    table: Table, file_format: str = "csv", *, actor, event=None, subject=None, kind: str | None = None
) -> HttpResponse:
    """The table as a download in the given format ("csv" or "xlsx"), recorded in the audit trail.

    Every export of personal data passes here, so the audit entry (who, when, which
    table, for which event or booth, how many rows) cannot be forgotten by a caller.
    """
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    rows = [list(row) for row in table.rows]
    table = Table(name=table.name, header=table.header, rows=rows)
    body = xlsx_bytes(table) if file_format == "xlsx" else csv_bytes(table)
    if not _export_recorders:
        raise ImproperlyConfigured("Nothing records exports: the audit app registers its recorder in ready().")
    for recorder in _export_recorders:
        recorder(
            actor=actor,
            event=event,
            subject=subject,
            row_count=len(rows),
            table=kind or table.name,
            file_format=file_format,
        )
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{file_format}"'
    return response
