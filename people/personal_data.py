"""The personal data the people app holds, registered with common.personal_data in ready()."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from . import selectors, services

# Registrations point at people: what people hold is erased with the accounts, last.
LAST = 100


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="consents",
            label=_("Consents"),
            models=("people.Consent",),
            export=selectors.consents_export,
            erase=services.erase_consents,
            erase_order=LAST,
        )
    )
