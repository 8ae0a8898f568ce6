"""The outbox's card on the organisers' dashboard."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext

from common.dashboard import Card, Meter

from .models import EmailStatus
from .outbox import status_counts


def email_cards(event, today: datetime.date) -> list[Card]:
    """The outbox, for every event together: messages carry no event."""
    counts = status_counts()
    tones = {"queued": "info", "sending": "info", "sent": "success", "failed": "danger", "skipped": "neutral"}
    return [
        Card(
            key="emails",
            title=gettext("Emails (all events)"),
            meters=tuple(
                Meter(key=value, label=label, value=counts.get(value, 0), tone=tones.get(value, "neutral"))
                for value, label in EmailStatus.choices
            ),
            link_url=f"{reverse('admin:mail_outboundemail_changelist')}?status__exact=failed",
            link_label=gettext("Failed emails"),
            order=60,
            permission="mail.view_outboundemail",
        )
    ]
