"""The townhall's seats as a pool (common.capacity): its accepted guests."""

from common.capacity import Pool

from .enums import GuestStatus
from .models import Guest, Townhall

# accepted_count is kept by the trigger of migration 0002 and held within capacity by townhall_within_capacity.
TOWNHALL_SEATS = Pool(
    model=Townhall,
    capacity_field="capacity",
    count_field="accepted_count",
    claim_model=Guest,
    pool_field="townhall",
    holding=GuestStatus.ACCEPTED,
    waiting=GuestStatus.WAITLISTED,
)
