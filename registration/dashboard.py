"""Registration's cards on the organisers' dashboard, and the dashboard itself (the admin index).

The dashboard is drawn for one event: the one asked for, else the one next or under way.
Other apps add their cards through common.dashboard; registration imports none of them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.dashboard import Card, Meter, dashboard_cards
from events.enums import Area
from events.models import Event
from events.rules import scoped

from .enums import DayStatus
from .selectors import day_capacity_overview, entrance_check_ins_by_day, registration_status_counts


def registration_cards(event: Event, today) -> list[Card]:
    registrations_url = reverse("admin:registration_registration_changelist")
    check_ins = entrance_check_ins_by_day(event)
    cards = []
    for number, summary in enumerate(day_capacity_overview(event), start=1):
        day = summary["day"]
        is_today = day.date == today
        title = _("Day %(number)d · %(date)s") % {"number": number, "date": date_format(day.date, "DATE_FORMAT")}
        if is_today:
            title = _("%(title)s (today)") % {"title": title}
        full = summary["remaining"] == 0
        cards.append(
            Card(
                key=f"day-{day.date.isoformat()}",
                title=title,
                meters=(
                    Meter(
                        key="confirmed",
                        label=_("Confirmed seats"),
                        value=day.confirmed_count,
                        total=day.capacity,
                        tone="warning" if full else "success",
                    ),
                    Meter(key="waitlisted", label=_("Waitlisted"), value=summary["waitlisted"], tone="warning"),
                    Meter(key="pending", label=_("Waiting for approval"), value=summary["pending"], tone="info"),
                    Meter(
                        key="checked_in",
                        label=_("Checked in at the entrance"),
                        value=check_ins.get(day.pk, 0),
                        total=day.confirmed_count,
                        tone="primary",
                    ),
                ),
                link_url=f"{registrations_url}?event__id__exact={event.pk}&day={day.pk}",
                link_label=_("Registrations for this day"),
                order=10 + number,
            )
        )
    counts = registration_status_counts(event)
    tones = {
        DayStatus.CONFIRMED: "success",
        DayStatus.WAITLISTED: "warning",
        DayStatus.PENDING: "info",
        DayStatus.REJECTED: "danger",
        DayStatus.CANCELLED: "neutral",
    }
    status_meters = [
        Meter(key=status.value, label=status.label, value=counts.get(status.value, 0), tone=tones[status])
        for status in DayStatus
        if status != DayStatus.CANCELLED
    ]
    status_meters.append(
        Meter(
            key="cancelled",
            label=_("Cancelled registrations"),
            value=counts["cancelled_registrations"],
            tone="neutral",
        )
    )
    cards.append(
        Card(
            key="registrations",
            title=_("People by status"),
            meters=tuple(status_meters),
            notes=(_("Someone registered for several days counts once in each status they hold."),),
            link_url=f"{registrations_url}?event__id__exact={event.pk}",
            link_label=_("All registrations"),
            order=5,
        )
    )
    return cards


def dashboard_event(request) -> Event | None:
    # Only the events whose registrations the person may read (all, for superusers).
    events = scoped(request.user, Event.objects.all(), area=Area.REGISTRATIONS)
    slug = request.GET.get("event", "")
    if slug:
        event = events.filter(slug=slug).first()
        if event:
            return event
    today = timezone.localdate()
    upcoming = events.filter(end_date__gte=today).order_by("start_date").first()
    return upcoming or events.order_by("-end_date").first()


def dashboard_callback(request, context: dict) -> dict:
    """Adds the chosen event's cards to the admin index (django-unfold's DASHBOARD_CALLBACK).

    Only for those who may read the registrations: the figures are the event's, not one app's."""
    if not request.user.has_perm("registration.view_registration"):
        return context
    event = dashboard_event(request)
    context["dashboard_shown"] = True
    context["dashboard_events"] = list(
        scoped(request.user, Event.objects.order_by("-start_date"), area=Area.REGISTRATIONS)[:10]
    )
    context["dashboard_event"] = event
    if event is not None:
        today = timezone.localdate(timezone=event.zone)
        context["dashboard_today"] = today
        context["dashboard_cards"] = [
            card
            for card in dashboard_cards(event, today)
            if not card.permission or request.user.has_perm(card.permission)
        ]
    return context
