"""The day's seats as a pool (common.capacity): EventDay counts its confirmed RegistrationDay rows."""

from common.capacity import Pool
from events.models import EventDay

from .enums import DayStatus
from .models import RegistrationDay

# confirmed_count is kept by the trigger of migration 0011 and held within capacity by registration_day_within_capacity.
DAY_SEATS = Pool(
    model=EventDay,
    capacity_field="capacity",
    count_field="confirmed_count",
    claim_model=RegistrationDay,
    pool_field="day",
    holding=DayStatus.CONFIRMED,
    waiting=DayStatus.WAITLISTED,
    changed_at_field="status_changed_at",
    select_related=("registration",),
)
