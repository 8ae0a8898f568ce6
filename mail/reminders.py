"""Reminder kinds, registered by the apps that send them, and the one planner beat runs every minute.

An app registers each kind it sends in its `AppConfig.ready()`:

    register_reminder_kind("session_reminder", label=_("Remind me before ..."),
                           description=_("An email ... before ..."), plan=due_session_reminders)

`plan(now)` yields a `DueReminder` for every occasion around `now`: what to send
whom, from when and until when it is useful. It decides nothing else. The
planner does the rest once for every kind: it leaves out people who turned the
kind off (`ReminderPreference` rows; no row is the kind's default), records as
skipped what comes too late (after downtime), leaves alone what the outbox has
already (its unique (kind, recipient, object) key), adds the one-click
unsubscribe headers (RFC 8058) to kinds people may turn off, and queues the rest
through the outbox. Ticks that overlap queue nothing twice: the outbox's key
holds.

Adding a kind touches the app that sends it only (its reminders, its ready(),
its email templates and their words): the profile page, the unsubscribe link,
the personal-data export and the planner read the registry.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EmailStatus, OutboundEmail, ReminderPreference
from .outbox import queue_rendered_email

logger = logging.getLogger(__name__)

# How far back a kind looks for occasions a tick missed (worker or beat were down), to record them as skipped.
MISSED_LOOKBACK = datetime.timedelta(hours=2)
UNSUBSCRIBE_SALT = "reminder-unsubscribe"


@dataclass(frozen=True)
class DueReminder:
    """One reminder to one person about one thing.

    user: the person (their address and language are used), or None for someone
        with an address only (a townhall guest): then `email` and `language`.
    object_key: what it is about; with the kind and the address, the outbox's unique key.
    template: the email template's path without suffix (`<app>/email/<name>`).
    send_after: not sent before; not_after: pointless from then on (recorded as
        skipped with `late_reason` when the planner only gets there later).
    secret: the message holds a link that answers for its recipient (the outbox erases its text once sent).
    """

    object_key: str
    template: str
    context: dict[str, Any]
    send_after: datetime.datetime
    not_after: datetime.datetime
    user: Any = None
    email: str = ""
    language: str = ""
    late_reason: str = "too late to be useful"
    secret: bool = False

    @property
    def recipient(self) -> str:
        return self.user.email if self.user is not None else self.email

    @property
    def recipient_language(self) -> str:
        return self.user.preferred_language if self.user is not None else (self.language or settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class ReminderKind:
    """key: the outbox's kind; label: the profile's checkbox; description: what it is, in a sentence.

    default: whether someone who never chose gets it; opt_out: whether people may
    turn it off (a kind they may not, like a townhall guest's, has no checkbox
    and no unsubscribe link).
    """

    key: str
    label: Any
    description: Any
    plan: Callable[[datetime.datetime], Iterable[DueReminder]] = field(compare=False)
    default: bool = True
    opt_out: bool = True


_kinds: dict[str, ReminderKind] = {}


def register_reminder_kind(
    key: str,
    label,
    description,
    *,
    plan: Callable[[datetime.datetime], Iterable[DueReminder]],
    default: bool = True,
    opt_out: bool = True,
) -> ReminderKind:
    """Adds a kind; registering the same key again (a second ready(), a test) replaces it."""
    kind = ReminderKind(key=key, label=label, description=description, plan=plan, default=default, opt_out=opt_out)
    _kinds[key] = kind
    return kind


def unregister_reminder_kind(key: str) -> None:
    _kinds.pop(key, None)


def reminder_kinds() -> list[ReminderKind]:
    return list(_kinds.values())


def optional_reminder_kinds() -> list[ReminderKind]:
    """The kinds people may turn off, in the order the apps registered them."""
    return [kind for kind in _kinds.values() if kind.opt_out]


def get_reminder_kind(key: str) -> ReminderKind | None:
    return _kinds.get(key)


def validate_reminder_kind(value: str) -> None:
    if value not in _kinds:
        raise ValidationError(_("There is no such kind of reminder."), code="invalid")


# --- Preferences -----------------------------------------------------------------------


def wanted_kinds(user) -> dict[str, bool]:
    """Whether the person gets each kind they may turn off: their row, or the kind's default."""
    chosen = dict(ReminderPreference.objects.filter(user=user).values_list("kind", "wants"))
    return {kind.key: chosen.get(kind.key, kind.default) for kind in optional_reminder_kinds()}


@transaction.atomic
def set_reminder_preference(*, user, kind: str, wanted: bool) -> None:
    """Turns one kind on or off for the person; transactional messages are not affected.

    Only a choice that differs from the kind's default is kept as a row, so the
    rows are exactly what people changed.
    """
    reminder_kind = get_reminder_kind(kind)
    if reminder_kind is None or not reminder_kind.opt_out:
        raise ValidationError(_("There is no such kind of reminder."))
    if wanted == reminder_kind.default:
        ReminderPreference.objects.filter(user=user, kind=kind).delete()
    else:
        ReminderPreference.objects.update_or_create(user=user, kind=kind, defaults={"wants": wanted})


def set_reminder_preferences(*, user, choices: dict[str, bool]) -> None:
    """Each of the kinds in choices, as set_reminder_preference; kinds nobody registered are ignored."""
    with transaction.atomic():
        for kind, wanted in choices.items():
            reminder_kind = get_reminder_kind(kind)
            if reminder_kind is not None and reminder_kind.opt_out:
                set_reminder_preference(user=user, kind=kind, wanted=wanted)


def _turned_off(kind: ReminderKind, user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    rows = ReminderPreference.objects.filter(kind=kind.key, user_id__in=user_ids).values_list("user_id", "wants")
    chosen = dict(rows)
    return {user_id for user_id in user_ids if not chosen.get(user_id, kind.default)}


# --- One-click unsubscribe (RFC 8058) ------------------------------------------------------


def unsubscribe_token(*, user, kind: str) -> str:
    return signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user, kind: str) -> str:
    return settings.SITE_URL + reverse("reminders-unsubscribe", args=[unsubscribe_token(user=user, kind=kind)])


def unsubscribe_headers(*, user, kind: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user=user, kind=kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def user_and_kind_from_unsubscribe_token(token: str) -> tuple[Any, ReminderKind]:
    """Raises ValidationError for a token that was altered, names nobody or a kind that cannot be turned off."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ValidationError(_("This unsubscribe link is not valid.")) from None
    user = get_user_model().objects.filter(pk=data.get("user")).first()
    kind = get_reminder_kind(str(data.get("kind")))
    if user is None or kind is None or not kind.opt_out:
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user, kind


# --- The planner -------------------------------------------------------------------------


def _record_skipped(kind: ReminderKind, due: list[DueReminder]) -> None:
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                kind=kind.key,
                recipient=reminder.recipient,
                object_key=reminder.object_key,
                language=reminder.recipient_language,
                subject="",
                text_body="",
                essential=False,
                status=EmailStatus.SKIPPED,
                last_error=reminder.late_reason,
            )
            for reminder in due
        ],
        ignore_conflicts=True,
    )


def _queue(kind: ReminderKind, reminder: DueReminder) -> bool:
    headers = {}
    if kind.opt_out and reminder.user is not None:
        headers = unsubscribe_headers(user=reminder.user, kind=kind.key)
    with transaction.atomic():
        email = queue_rendered_email(
            template=reminder.template,
            context=reminder.context,
            kind=kind.key,
            recipient=reminder.recipient,
            object_key=reminder.object_key,
            language=reminder.recipient_language,
            essential=not kind.opt_out,  # one nobody may turn off is transactional
            headers=headers,
            not_after=reminder.not_after,
            secret=reminder.secret,
        )
    return email is not None


def plan_kind(kind: ReminderKind, now: datetime.datetime) -> int:
    """Queues the kind's due reminders at `now`; returns how many were queued."""
    due = [reminder for reminder in kind.plan(now) if reminder.send_after <= now and reminder.recipient]
    if not due:
        return 0
    handled = set(
        OutboundEmail.objects.filter(kind=kind.key, object_key__in={r.object_key for r in due}).values_list(
            "object_key", "recipient"
        )
    )
    due = [reminder for reminder in due if (reminder.object_key, reminder.recipient) not in handled]
    due = [reminder for reminder in due if reminder.user is None or reminder.user.is_active]
    if kind.opt_out:
        off = _turned_off(kind, {reminder.user.pk for reminder in due if reminder.user is not None})
        due = [reminder for reminder in due if reminder.user is None or reminder.user.pk not in off]
    late = [reminder for reminder in due if now >= reminder.not_after]
    if late:
        _record_skipped(kind, late)
    return sum(_queue(kind, reminder) for reminder in due if now < reminder.not_after)


def plan_reminders(now: datetime.datetime | None = None, *, kinds: Iterable[str] | None = None) -> int:
    """Every registered kind (or those named), once; returns how many messages were queued.

    A kind whose planning fails does not stop the others: it is logged, and the
    first such error is raised once every kind had its turn (beat tries again next minute).
    """
    now = now or timezone.now()
    wanted = set(kinds) if kinds is not None else None
    queued = 0
    failure: Exception | None = None
    for kind in reminder_kinds():
        if wanted is not None and kind.key not in wanted:
            continue
        try:
            queued += plan_kind(kind, now)
        except Exception as error:
            logger.exception("planning the %s reminders failed", kind.key)
            failure = failure or error
    if failure is not None:
        raise failure
    return queued
