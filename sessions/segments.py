"""The announcement segment the programme answers: who has a day's sessions in their agenda (see common.segments)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from common.segments import register_segment


def agenda_on_day(event, day) -> list:
    """People with a published session of that day (in the event's time zone) in their agenda: a room change, say."""
    if day is None:
        return []
    start = datetime.datetime.combine(day.date, datetime.time(), tzinfo=event.zone)
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            agenda_items__session__event=event,
            agenda_items__session__is_published=True,
            agenda_items__session__starts_at__gte=start,
            agenda_items__session__starts_at__lt=start + datetime.timedelta(days=1),
        )
        .distinct()
        .order_by("pk")
    )


def register() -> None:
    register_segment(
        "agenda_on_day", _("Everyone with a session of one day in their agenda"), agenda_on_day, takes_day=True
    )
