"""The personal data the townhall holds, registered with common.personal_data in ready()."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from . import selectors, services


def register() -> None:
    # Guests are not accounts: the person's invitations are those sent to their address.
    register_provider(
        PersonalDataProvider(
            key="townhall_invitations",
            label=_("Townhall invitations"),
            models=("townhall.Guest",),
            export=selectors.invitations_export,
            erase=services.erase_guests_with_address,
            event_people=selectors.guest_emails,
            forget_event=services.forget_event_guests,
        )
    )
