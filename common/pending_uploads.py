"""A file an organiser uploaded for a preview, kept until they confirm the import.

The bytes wait in the cache (Redis, shared by every web machine) under a random
token that the confirmation page carries in a hidden field; only the person who
uploaded the file can use its token, and it expires after `KEPT_FOR`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

KEPT_FOR = 30 * 60  # seconds: time enough to read a preview
MAX_BYTES = 2 * 1024 * 1024  # the imports' own limit
EXPIRED_UPLOAD_MESSAGE = _(
    "The previewed file is no longer kept (that happens after 30 minutes): choose it again to see a new preview."
)


@dataclass(frozen=True)
class PendingUpload:
    target_id: int  # what the file is imported into (an event, a townhall)
    data: bytes


def _key(purpose: str, user_id: int, token: str) -> str:
    return f"pending-upload:{purpose}:{user_id}:{token}"


def keep_upload(*, purpose: str, user, target_id: int, data: bytes) -> str:
    """Keeps the file for `KEPT_FOR` seconds and returns the token that finds it again."""
    if len(data) > MAX_BYTES:
        raise ValueError("upload too large to keep")
    token = secrets.token_urlsafe(24)
    cache.set(_key(purpose, user.pk, token), (target_id, data), KEPT_FOR)
    return token


def pending_upload(*, purpose: str, user, token: str) -> PendingUpload | None:
    """The file kept under the token for this person, or None once it expired (or was never theirs)."""
    if not token or len(token) > 64:
        return None
    kept = cache.get(_key(purpose, user.pk, token))
    return PendingUpload(*kept) if kept else None


def forget_upload(*, purpose: str, user, token: str) -> None:
    cache.delete(_key(purpose, user.pk, token))
