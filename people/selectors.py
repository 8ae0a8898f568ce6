"""Reads of what people told us and agreed to: profiles and the consents in force per event."""

from __future__ import annotations

from events.models import Event

from .consent_texts import consent_text_version
from .models import AttendeeProfile, Consent


def current_consents(user, *, event: Event) -> dict[str, Consent]:
    """The consent in force for each kind the person has answered for this event: the latest record."""
    if not getattr(user, "is_authenticated", False):
        return {}
    latest = Consent.objects.filter(user=user, event=event).order_by("kind", "-recorded_at", "-id").distinct("kind")
    return {consent.kind: consent for consent in latest}


def consents_to_ask_again(user, *, event: Event) -> dict[str, bool]:
    """The boxes a consent form starts with: ticked only where the person agreed to these very words for this event."""
    return {
        kind: consent.granted
        for kind, consent in current_consents(user, event=event).items()
        if consent.text_version == consent_text_version(kind)
    }


def has_consent(user, kind: str, *, event: Event) -> bool:
    consent = current_consents(user, event=event).get(kind)
    return bool(consent and consent.granted)


def get_attendee_profile(user) -> AttendeeProfile | None:
    if not user.is_authenticated:
        return None
    return AttendeeProfile.objects.select_related("organization", "graduate_school").filter(user=user).first()


def consents_export(user) -> list[dict]:
    return [
        {
            "event": consent.event.slug,
            "kind": consent.kind,
            "granted": consent.granted,
            "text_version": consent.text_version,
            "recipients": consent.recipients,
            "recorded_at": consent.recorded_at.isoformat(),
        }
        for consent in Consent.objects.filter(user=user).select_related("event").order_by("recorded_at", "id")
    ]
