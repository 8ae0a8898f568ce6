"""The announcement segments the registration app answers: its attendees (see common.segments)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.segments import register_segment
from people.enums import ConsentKind
from people.models import Consent

from .enums import DayStatus
from .models import Registration


def _people(registrations) -> list[User]:
    return list(User.objects.filter(pk__in=registrations.values("user_id"), is_active=True).order_by("pk"))


def _live(event):
    return Registration.objects.filter(event=event, cancelled_at__isnull=True, user__isnull=False)


def all_confirmed(event, day=None) -> list[User]:
    return _people(_live(event).filter(days__status=DayStatus.CONFIRMED))


def confirmed_on_day(event, day) -> list[User]:
    if day is None:
        return []
    return _people(_live(event).filter(days__status=DayStatus.CONFIRMED, days__day=day))


def waitlisted(event, day=None) -> list[User]:
    return _people(_live(event).filter(days__status=DayStatus.WAITLISTED))


def news_subscribers(event, day=None) -> list[User]:
    """Registered people whose latest answer for the event's organiser news is yes."""
    users = _people(_live(event))
    latest = (
        Consent.objects.filter(kind=ConsentKind.ORGANISER_NEWS, event=event, user__in=users)
        .order_by("user_id", "-recorded_at", "-id")
        .distinct("user_id")
    )
    subscribed = {consent.user_id for consent in latest if consent.granted}
    return [user for user in users if user.pk in subscribed]


def register() -> None:
    register_segment("all_confirmed", _("Everyone confirmed for the event"), all_confirmed)
    register_segment("confirmed_on_day", _("Everyone confirmed on one day"), confirmed_on_day, takes_day=True)
    register_segment("waitlisted", _("Everyone on a waitlist"), waitlisted)
    register_segment("news_subscribers", _("Registered people who asked for the organisers' news"), news_subscribers)
