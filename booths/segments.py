"""The announcement segment the booths answer: the people staffing the event's booths (see common.segments)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from common.segments import register_segment


def booth_staff(event, day=None) -> list:
    """Everyone whose account staffs a booth of the event (invitations not yet taken up have no account)."""
    return list(
        get_user_model().objects.filter(booth_roles__booth__event=event, is_active=True).distinct().order_by("pk")
    )


def register() -> None:
    register_segment("booth_staff", _("Everyone staffing a booth"), booth_staff)
