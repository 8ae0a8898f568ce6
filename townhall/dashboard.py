"""The townhall's card on the organisers' dashboard: answers against the seats."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from common.dashboard import Card, Meter

from .enums import GuestStatus
from .selectors import guest_counts


def townhall_cards(event, today) -> list[Card]:
    figures = guest_counts(event)
    if figures is None:
        return []
    townhall, counts = figures["townhall"], figures["by_status"]
    accepted = counts.get(GuestStatus.ACCEPTED, 0)
    return [
        Card(
            key="townhall",
            title=_("Townhall"),
            meters=(
                Meter(key="accepted", label=_("Accepted"), value=accepted, total=townhall.capacity, tone="success"),
                Meter(
                    key="waitlisted", label=_("Waitlisted"), value=counts.get(GuestStatus.WAITLISTED, 0), tone="warning"
                ),
                Meter(key="declined", label=_("Declined"), value=counts.get(GuestStatus.DECLINED, 0), tone="danger"),
                Meter(
                    key="sent", label=_("Invited, no answer yet"), value=counts.get(GuestStatus.SENT, 0), tone="info"
                ),
                Meter(
                    key="not_sent",
                    label=_("Invitation not sent"),
                    value=counts.get(GuestStatus.NOT_SENT, 0),
                    tone="neutral",
                ),
                Meter(
                    key="checked_in",
                    label=_("Admitted at the door"),
                    value=figures["checked_in"],
                    total=accepted,
                    tone="primary",
                ),
            ),
            link_url=f"{reverse('admin:townhall_guest_changelist')}?townhall__id__exact={townhall.pk}",
            link_label=_("Guest list"),
            order=50,
        )
    ]
