"""The audit trail's part of a person's data, registered with common.personal_data in ready()."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from . import selectors, services


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="audit_trail",
            label=_("What organisers did with your data"),
            models=("audit.AuditEntry",),
            export=selectors.entries_about_export,
            erase=services.erase_person_from_entries,
        )
    )
