"""Where the audit trail of one person or one object is listed in the admin."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse


def audit_entries_url_for_person(user) -> str:
    return reverse("admin:audit_auditentry_changelist") + "?" + urlencode({"subject_user__id__exact": user.pk})


def audit_entries_url_for_object(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    query = {"subject_type__id__exact": content_type.pk, "subject_id": obj.pk}
    return reverse("admin:audit_auditentry_changelist") + "?" + urlencode(query)
