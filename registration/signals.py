"""Signals downstream apps (programme, booths, townhall) receive from registration."""

from django.dispatch import Signal

# Sent inside the merge's transaction, before the duplicates are deleted, so
# receivers can re-point their own rows: kwargs target, duplicate_ids.
organizations_merged = Signal()

# Sent after commit when a registration is cancelled: kwargs registration_id, user_id, event_id.
registration_cancelled = Signal()

# Sent to find the recipients of announcement segments that other apps own (booth
# staff, townhall guests): kwargs announcement; receivers return a list of users.
collect_announcement_recipients = Signal()
