"""The personal data the booths app holds, registered with common.personal_data in ready()."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from . import selectors, services


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="booth_visits",
            label=_("Booths that scanned your badge"),
            models=("booths.Visit",),
            export=selectors.visits_export,
            erase=services.erase_visits,
            forget_event=services.forget_event_visits,
            expire=services.expire_leads,
        )
    )
    register_provider(
        PersonalDataProvider(
            key="consultations",
            label=_("Consultation bookings"),
            models=("booths.ConsultationBooking",),
            export=selectors.consultations_export,
            erase=services.erase_consultations,
            forget_event=services.forget_event_consultations,
        )
    )
    register_provider(
        PersonalDataProvider(
            key="booth_staff",
            label=_("Booth staff roles"),
            models=("booths.BoothStaff", "booths.DeviceToken"),
            export=selectors.booth_staff_export,
            erase=services.erase_booth_staff,
        )
    )
