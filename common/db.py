"""Small database helpers shared by the apps."""

from django.contrib.postgres.fields import DateTimeRangeField
from django.db import models


class TsTzRange(models.Func):
    """PostgreSQL's tstzrange(start, end): the time a row occupies, for exclusion constraints."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()
