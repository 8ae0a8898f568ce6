"""A seat-limited session's seats as a pool (common.capacity): its confirmed SeatReservation rows."""

from common.capacity import Pool

from .enums import ReservationStatus
from .models import ProgrammeSession, SeatReservation

# reserved_count is kept by the trigger of migration 0003 and held within seat_limit by
# programme_reservations_within_limit; a session without a seat limit takes no reservations.
SESSION_SEATS = Pool(
    model=ProgrammeSession,
    capacity_field="seat_limit",
    count_field="reserved_count",
    claim_model=SeatReservation,
    pool_field="session",
    holding=ReservationStatus.CONFIRMED,
    waiting=ReservationStatus.WAITLISTED,
)
