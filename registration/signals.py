"""Signals downstream apps (programme, booths, townhall) receive from registration."""

from django.dispatch import Signal

# Sent inside the merge's transaction, after every row that points at a duplicate
# (in any app, found through the foreign keys) was moved to the target and before
# the duplicates are deleted: kwargs target, duplicate_ids.
organizations_merged = Signal()

# Sent inside the cancellation's transaction, so that what downstream apps free
# (reserved seats, consultation bookings, their reminders) is freed in the same
# transaction or not at all: kwargs registration_id, user_id, event_id.
registration_cancelled = Signal()

# Sent inside the account deletion's transaction, before the person's rows are
# deleted, so downstream apps cancel what the person holds through their services
# (a freed seat goes to the next person waiting) instead of losing it to the
# cascade: kwargs user_id.
account_deleting = Signal()
