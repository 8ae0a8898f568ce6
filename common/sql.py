"""Names for hand-written SQL, taken from the models so that a moved or renamed table cannot break a query.

Hand-written queries (on the scan path, where the ORM costs more than the query)
compose their text with psycopg2.sql: table and column names as identifiers from
`_meta`, every value a parameter. A model that moves to another app keeps working.
"""

from __future__ import annotations

from django.db import connection
from psycopg2 import sql


def table(model) -> sql.Identifier:
    """The model's table, quoted."""
    return sql.Identifier(model._meta.db_table)


def column(model, field: str, alias: str | None = None) -> sql.Composable:
    """A field's column, quoted, with the table alias in front when given (`r."user_id"`)."""
    name = sql.Identifier(model._meta.get_field(field).column)
    return sql.SQL("{}.{}").format(sql.Identifier(alias), name) if alias else name


def fetch_one(query: sql.Composable, params, row_type):
    """The first row of the query as a `row_type` (a NamedTuple or dataclass, fields in SELECT order), or None."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        found = cursor.fetchone()
    return None if found is None else row_type(*found)


def fetch_all(query: sql.Composable, params, row_type) -> list:
    """Every row of the query, each as a `row_type`."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [row_type(*row) for row in cursor.fetchall()]
