"""What the challenge tells its own parts and anyone listening, sent after the change is committed."""

from django.dispatch import Signal

# A submission has a (new) score: the leaderboards of its phase are out of date. Sent with `submission`.
submission_scored = Signal()
