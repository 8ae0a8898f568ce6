"""Names in the reader's language for model fields that were declared without one.

A field declared without `verbose_name` is labelled with its attribute name
("event", "queue number"), which the admin shows in English on Korean pages.
At start-up each such field gets a translatable name: a relation the name of
the model it points to (an `event` field is "행사"), others the name below.
Only the runtime label changes: migrations read the declared (empty)
`verbose_name`, so no migration follows from this.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

NAMES = {
    "created_at": _("created at"),
    "updated_at": _("updated at"),
    "created_by": _("created by"),
    "scanned_by": _("scanned by"),
    "status_changed_at": _("status changed at"),
    "queue_number": _("place in the queue"),
    "next_queue_number": _("next place in the queue"),
    "client_nonce": _("scan identifier"),
    "token": _("token"),
    "token_hash": _("token (hashed)"),
    "rsvp_token": _("answer link token"),
    "door_code": _("door code"),
    "status": _("status"),
    "starts_at": _("starts"),
    "ends_at": _("ends"),
    "during": _("time"),
    "accepted_count": _("accepted"),
    "booked_count": _("booked"),
    "reserved_count": _("seats reserved"),
    "added_at": _("added at"),
    "invited_at": _("invited at"),
    "booked_at": _("booked at"),
    "revoked_at": _("revoked at"),
    "last_used_at": _("last used"),
    "claimed_at": _("sending started at"),
    "is_cancelled": _("cancelled"),
    "attended": _("attended"),
    "attachments": _("attachments"),
    "headers": _("headers"),
}


def name_models(names: dict) -> None:
    """{model: (name, plural)} for models declared without a `verbose_name` (no migration follows, as above)."""
    for model, (singular, plural) in names.items():
        model._meta.verbose_name, model._meta.verbose_name_plural = singular, plural


def name_unnamed_fields() -> None:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            # `_verbose_name` is what the field was declared with; `verbose_name` what people read.
            if not getattr(field, "concrete", False) or getattr(field, "_verbose_name", "") is not None:
                continue
            if field.name in NAMES:
                field.verbose_name = NAMES[field.name]
            elif field.is_relation and field.related_model is not None:
                field.verbose_name = field.related_model._meta.verbose_name
