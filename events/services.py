"""Writes of event setup: organisations as attendees type them in."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q

from .enums import AttendeeCategory, OrganizationKind
from .models import Organization

# What kind of organisation a newly typed name most likely is, by the attendee's category.
_KIND_FOR_CATEGORY = {
    AttendeeCategory.STUDENT: OrganizationKind.UNIVERSITY,
    AttendeeCategory.FACULTY: OrganizationKind.UNIVERSITY,
    AttendeeCategory.RESEARCHER: OrganizationKind.PUBLIC_INSTITUTE,
    AttendeeCategory.PUBLIC_INSTITUTE: OrganizationKind.PUBLIC_INSTITUTE,
    AttendeeCategory.GOVERNMENT: OrganizationKind.GOVERNMENT,
    AttendeeCategory.STARTUP: OrganizationKind.STARTUP,
}


def organization_for_typed_name(*, name: str, category: str) -> Organization:
    """An existing organisation with that name, or a new unverified one for organisers to merge."""
    name = " ".join(name.split())
    existing = Organization.objects.filter(Q(name_ko__iexact=name) | Q(name_en__iexact=name)).first()
    if existing:
        return existing
    is_hangul = any("\uac00" <= character <= "\ud7a3" for character in name)
    organization = Organization(
        name_ko=name if is_hangul else "",
        name_en="" if is_hangul else name,
        kind=_KIND_FOR_CATEGORY.get(category, OrganizationKind.COMPANY),
        is_verified=False,
    )
    organization.full_clean()
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:  # typed at the same moment by someone else
        return Organization.objects.get(Q(name_ko__iexact=name) | Q(name_en__iexact=name))
    return organization
