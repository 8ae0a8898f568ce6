"""Where the audit trail of one person or one object is listed in the admin."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from .models import AuditEntry


def audit_entries_url_for_person(user) -> str:
    return reverse("admin:audit_auditentry_changelist") + "?" + urlencode({"subject_user__id__exact": user.pk})


def audit_entries_url_for_object(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    query = {"subject_type__id__exact": content_type.pk, "subject_id": obj.pk}
    return reverse("admin:audit_auditentry_changelist") + "?" + urlencode(query)


def entries_about_export(user) -> list[dict]:
    """What organisers and booth managers did with the person's data (PIPA: who received it and when)."""
    entries = AuditEntry.objects.filter(subject_user=user).select_related("event").order_by("at", "pk")
    return [
        {
            "at": entry.at.isoformat(),
            "action": entry.action,
            "event": entry.event.slug if entry.event else None,
            "rows": entry.row_count,
        }
        for entry in entries
    ]
