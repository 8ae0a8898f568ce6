"""Writes of what people agree to: consents per event, recorded once per answer and text version."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event
from events.selectors import exhibitor_names

from .consent_texts import consent_text_version
from .enums import ConsentKind
from .models import Consent
from .selectors import current_consents


@transaction.atomic
def record_consents(*, user: User, event: Event, choices: dict[str, bool]) -> list[Consent]:
    """Records, for this event, each consent whose answer changed, with the text version shown and the time.

    A consent belongs to the event whose form showed it; the sharing consent records
    that event's exhibitors as the recipients named. An answer already in force for
    the same event and the same words is not recorded twice. The required consent
    cannot be withdrawn here: cancelling the registration or deleting the account is the way out.
    """
    if choices.get(ConsentKind.EVENT_PROCESSING) is False:
        raise ValidationError({ConsentKind.EVENT_PROCESSING: _("This consent is needed to register for the event.")})
    User.objects.select_for_update().filter(pk=user.pk).first()  # one writer of a person's consents at a time
    in_force = current_consents(user, event=event)
    recorded = []
    for kind, granted in choices.items():
        version = consent_text_version(kind)
        current = in_force.get(kind)
        if current is not None and current.granted == granted and current.text_version == version:
            continue
        recorded.append(
            Consent.objects.create(
                user=user,
                event=event,
                kind=kind,
                granted=granted,
                text_version=version,
                recipients=exhibitor_names(event) if kind == ConsentKind.SHARE_WITH_BOOTHS else "",
            )
        )
    return recorded


def withdraw_consent(*, user: User, event: Event, kind: str) -> None:
    """Withdraws an optional consent for one event; the person's consents for other events stay as they are."""
    if kind == ConsentKind.EVENT_PROCESSING:
        raise ValidationError(_("The consent to run the event cannot be withdrawn; delete your account instead."))
    record_consents(user=user, event=event, choices={kind: False})


def erase_consents(user: User) -> None:
    Consent.objects.filter(user=user).delete()
