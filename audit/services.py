"""The one way an audit entry is written."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .enums import AuditAction
from .models import AuditEntry


def record(
    *,
    actor,
    action: AuditAction,
    event=None,
    subject: models.Model | None = None,
    subject_user=None,
    row_count: int | None = None,
    extra: dict | None = None,
) -> AuditEntry:
    """Records that `actor` did `action` to `subject` (concerning `subject_user`), in the caller's transaction.

    Call it inside the service's transaction, before a deletion, so the entry stands or
    falls with the change. `extra` must hold no personal data (ids, table names, formats).
    """
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        event=event,
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True) if subject else None,
        subject_id=subject.pk if subject is not None else None,
        subject_user=subject_user if getattr(subject_user, "pk", None) else None,
        row_count=row_count,
        extra=extra or {},
    )


def erase_person_from_entries(user) -> None:
    """The trail stays as a count of what was done; the links to the person (as actor or as subject) go."""
    AuditEntry.objects.filter(subject_user=user).update(subject_user=None)
    AuditEntry.objects.filter(actor=user).update(actor=None)


def record_export(*, actor, event, subject, row_count: int, table: str, file_format: str) -> None:
    """An export (common.exports calls this for every download): who, which table, how many rows."""
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        event=event,
        subject=subject,
        row_count=row_count,
        extra={"table": table, "format": file_format},
    )
