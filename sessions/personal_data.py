"""The personal data the programme holds, registered with common.personal_data in ready()."""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from . import selectors, services


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="agenda",
            label=_("Personal agenda"),
            models=("programme.AgendaItem", "programme.AgendaFeed"),
            export=selectors.agenda_export,
            erase=services.erase_agenda,
            forget_event=services.forget_event_agendas,
        )
    )
    register_provider(
        PersonalDataProvider(
            key="seat_reservations",
            label=_("Seat reservations"),
            models=("programme.SeatReservation",),
            export=selectors.seat_reservations_export,
            erase=services.erase_seat_reservations,
            forget_event=services.forget_event_seat_reservations,
        )
    )
