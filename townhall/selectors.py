"""Reads of the townhall that more than one place needs."""

from __future__ import annotations

from common.exports import Table as ExportTable

GUEST_EXPORT_COLUMNS = [
    "name", "email", "organisation", "sector", "title", "vip", "language", "status", "table", "dietary_needs",
    "checked_in_at",
]  # fmt: skip


def guests_table(guests) -> ExportTable:
    """The organisers' guest list; its first seven columns are the ones the guest import reads."""
    guests = guests.select_related("table").order_by("name", "pk")

    def rows():
        for guest in guests:
            yield [
                guest.name,
                guest.email,
                guest.organisation,
                guest.sector,
                guest.title,
                "yes" if guest.is_vip else "no",
                guest.language,
                guest.status,
                guest.table.number if guest.table else "",
                guest.dietary_needs,
                guest.checked_in_at.isoformat() if guest.checked_in_at else "",
            ]

    return ExportTable(name="townhall-guests", header=GUEST_EXPORT_COLUMNS, rows=rows())
