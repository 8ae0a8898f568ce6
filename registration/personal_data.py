"""The personal data the registration app holds, registered with common.personal_data in ready()."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from . import selectors, services

# Other apps find people through registrations and accounts: these are erased last.
LAST = 100


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="account",
            label=_("Account"),
            models=("accounts.User", "registration.CheckInRole", "announcements.Announcement"),
            export=selectors.account_export,
            erase=services.erase_account_records,
            erase_order=LAST,
        )
    )
    register_provider(
        PersonalDataProvider(
            key="profile",
            label=_("Attendee profile"),
            models=("people.AttendeeProfile",),
            export=selectors.profile_export,
            erase=services.erase_profile,
            erase_order=LAST,
        )
    )
    register_provider(
        PersonalDataProvider(
            key="registrations",
            label=_("Registrations"),
            models=("registration.Registration", "registration.RegistrationDay"),
            export=selectors.registrations_export,
            erase=services.erase_registrations,
            event_people=selectors.registered_emails,
            forget_event=services.forget_event_registrations,
            erase_order=LAST + 1,
        )
    )
    register_provider(
        PersonalDataProvider(
            key="entrance_check_ins",
            label=_("Entrance check-ins"),
            models=("registration.EntranceCheckIn",),
            export=selectors.entrance_check_ins_export,
            # Check-ins stay as counts; they point at the registration, which loses its person.
            erase=services.erase_registrations,
            erase_order=LAST + 1,
        )
    )
