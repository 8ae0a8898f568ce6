"""Places with a waitlist: one implementation for every "N places, then a queue" in the site.

A *pool* is a counter row (an event day, a seat-limited session, a townhall) with
a capacity, a count of the claims that hold a place and the next waitlist number;
its *claims* are the rows of another table that point at it (a registered day, a
seat reservation, a townhall guest), each with a status (holding a place, waiting,
or something else the app names) and a queue number.

The rules, the same for all of them:

- Everything that changes a pool's claims runs while the pool's row is locked
  (`lock`: SELECT ... FOR UPDATE), so requests for one pool take turns and two
  pools never wait for each other in different orders when locked through
  `lock_many` (always by primary key).
- The count is kept by the database: a trigger (`common_keep_count`, attached by
  each app's migration) moves it with every INSERT, UPDATE and DELETE of a claim,
  and a check constraint keeps it within the capacity, so no path that forgets
  these functions can overbook. The functions mirror the count on the locked
  instance so that one transaction can take several decisions in a row.
- A claim that finds no free place (or that the app's own rule turns away, e.g. a
  day's seats held for another category) waits with the pool's next queue number;
  waiting claims are promoted in queue order while places are free.
- A waiting claim's position is 1 + the number of claims still waiting ahead of it.

What each app says (its statuses, emails, deadlines, quotas, overlaps) stays in
the app's services: these functions return what happened (the claim's standing,
the claims promoted) and the caller writes its own words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone


@dataclass(frozen=True)
class Pool:
    """Where a pool's places, counter and claims live. One per kind of pool, declared by its app."""

    model: type[models.Model]  # the counter row, locked for every decision
    capacity_field: str  # its capacity; a NULL capacity means no limit
    count_field: str  # the claims holding a place, kept by a common_keep_count trigger
    claim_model: type[models.Model]
    pool_field: str  # the claim's foreign key to the counter row
    holding: str  # the claim status that holds a place (the one the trigger counts)
    waiting: str  # the claim status of the waitlist
    status_field: str = "status"
    queue_field: str = "queue_number"
    next_number_field: str = "next_queue_number"
    changed_at_field: str | None = None  # set to now whenever a claim's status changes, if the claims have one
    select_related: tuple[str, ...] = ()  # what `fits` and the caller read on the claims promoted

    @property
    def pool_id_field(self) -> str:
        return f"{self.pool_field}_id"

    def claims(self, pool_row: models.Model) -> models.QuerySet:
        return self.claim_model._base_manager.filter(**{self.pool_id_field: pool_row.pk})


@dataclass(frozen=True)
class Standing:
    """Where one claim stands: holding a place, waiting at `position` (1 = next), or neither (`status` says)."""

    status: str
    holds_place: bool = False
    position: int | None = None

    @property
    def waiting(self) -> bool:
        return self.position is not None


Fits = Callable[[models.Model], bool]


def lock(pool: Pool, pk: int, *, queryset: models.QuerySet | None = None) -> models.Model:
    """The pool's row, locked until the end of the transaction (call inside transaction.atomic)."""
    queryset = queryset if queryset is not None else pool.model._default_manager.all()
    return queryset.select_for_update().get(pk=pk)


def lock_many(pool: Pool, pks: Iterable[int], *, order_by: Iterable[str] = ("pk",)) -> dict[int, models.Model]:
    """Several rows of one kind of pool, locked in one fixed order so that two requests cannot deadlock."""
    ids = sorted(set(pks))
    rows = pool.model._default_manager.select_for_update().filter(pk__in=ids).order_by(*order_by)
    return {row.pk: row for row in rows}


def capacity_of(pool: Pool, pool_row: models.Model) -> int | None:
    return getattr(pool_row, pool.capacity_field)


def free_places(pool: Pool, pool_row: models.Model) -> int | None:
    """Places still free (never negative), or None when the pool has no limit."""
    capacity = capacity_of(pool, pool_row)
    if capacity is None:
        return None
    return max(0, capacity - getattr(pool_row, pool.count_field))


def has_free_place(pool: Pool, pool_row: models.Model) -> bool:
    free = free_places(pool, pool_row)
    return free is None or free > 0


def _set_status(pool: Pool, claim: models.Model, status: str) -> list[str]:
    setattr(claim, pool.status_field, status)
    fields = [pool.status_field]
    if pool.changed_at_field:
        setattr(claim, pool.changed_at_field, timezone.now())
        fields.append(pool.changed_at_field)
    return fields


def _save(claim: models.Model, fields: list[str], extra_fields: Iterable[str]) -> None:
    if claim.pk is None:
        claim.save()
    else:
        claim.save(update_fields=[*dict.fromkeys([*fields, *extra_fields])])


def _mirror_count(pool: Pool, pool_row: models.Model, change: int) -> None:
    # The trigger moved the count in the database; the locked instance follows it.
    setattr(pool_row, pool.count_field, getattr(pool_row, pool.count_field) + change)


def hold(pool: Pool, pool_row: models.Model, claim: models.Model, *, extra_fields: Iterable[str] = ()) -> None:
    """Gives the claim a place, whatever the waitlist (the caller checked it fits). Pool row locked."""
    was_holding = claim.pk is not None and getattr(claim, pool.status_field) == pool.holding
    fields = _set_status(pool, claim, pool.holding)
    _save(claim, fields, extra_fields)
    if not was_holding:
        _mirror_count(pool, pool_row, +1)


def wait(pool: Pool, pool_row: models.Model, claim: models.Model, *, extra_fields: Iterable[str] = ()) -> None:
    """Puts the claim at the end of the waitlist with the pool's next queue number. Pool row locked."""
    number = getattr(pool_row, pool.next_number_field)
    pool.model._default_manager.filter(pk=pool_row.pk).update(**{pool.next_number_field: F(pool.next_number_field) + 1})
    setattr(pool_row, pool.next_number_field, number + 1)
    setattr(claim, pool.queue_field, number)
    fields = [*_set_status(pool, claim, pool.waiting), pool.queue_field]
    _save(claim, fields, extra_fields)


def claim(
    pool: Pool,
    pool_row: models.Model,
    claim: models.Model,
    *,
    fits: Fits | None = None,
    extra_fields: Iterable[str] = (),
) -> Standing:
    """Gives the claim a free place, or the end of the waitlist; returns where it stands. Pool row locked.

    The claim may be new (it is inserted) or an existing row (its status, queue
    number and `extra_fields` are updated). `fits(claim)` is the app's own rule on
    top of the capacity (seats held for a category): when it says no, the claim waits.
    """
    if has_free_place(pool, pool_row) and (fits is None or fits(claim)):
        hold(pool, pool_row, claim, extra_fields=extra_fields)
    else:
        wait(pool, pool_row, claim, extra_fields=extra_fields)
    return standing(pool, claim)


def fill(pool: Pool, pool_row: models.Model, *, fits: Fits | None = None) -> list[models.Model]:
    """Promotes waiting claims in queue order while places are free; returns them, in that order. Pool row locked.

    A claim `fits` turns away keeps its place in the queue and the next one is tried.
    The caller tells the promoted their news.
    """
    promoted: list[models.Model] = []
    free = free_places(pool, pool_row)
    if free == 0:
        return promoted
    waiting = (
        pool.claims(pool_row)
        .filter(**{pool.status_field: pool.waiting})
        .select_related(*pool.select_related)
        .order_by(pool.queue_field, "pk")
    )
    if fits is None and free is not None:
        waiting = waiting[:free]  # everyone fits: only the first `free` in line can move up
    for candidate in waiting:
        if not has_free_place(pool, pool_row):
            break
        if fits is None or fits(candidate):
            hold(pool, pool_row, candidate)
            promoted.append(candidate)
    return promoted


def release(
    pool: Pool,
    pool_row: models.Model,
    claim: models.Model,
    *,
    status: str,
    fits: Fits | None = None,
    extra_fields: Iterable[str] = (),
) -> list[models.Model]:
    """Moves the claim to `status` (cancelled, declined...); a place it held goes to those waiting. Pool row locked.

    Returns the claims promoted into the freed place (usually the first in line;
    none when nobody waits), for the caller to tell. Releasing a claim already in
    `status` saves its `extra_fields` and promotes nobody.
    """
    was_holding = getattr(claim, pool.status_field) == pool.holding
    if getattr(claim, pool.status_field) == status:
        if extra_fields:
            claim.save(update_fields=list(extra_fields))
        return []
    fields = _set_status(pool, claim, status)
    _save(claim, fields, extra_fields)
    if not was_holding:
        return []
    _mirror_count(pool, pool_row, -1)
    return fill(pool, pool_row, fits=fits)


def remove(pool: Pool, pool_row: models.Model, claim: models.Model, *, fits: Fits | None = None) -> list[models.Model]:
    """Deletes the claim; a place it held goes to those waiting (returned, as by `release`). Pool row locked."""
    was_holding = getattr(claim, pool.status_field) == pool.holding
    claim.delete()
    if not was_holding:
        return []
    _mirror_count(pool, pool_row, -1)
    return fill(pool, pool_row, fits=fits)


# --- Reading where claims stand -----------------------------------------------------------


def waitlist_position(pool: Pool, claim: models.Model) -> int | None:
    """The claim's place on the waitlist (1 is next), or None when it is not waiting."""
    number = getattr(claim, pool.queue_field)
    if getattr(claim, pool.status_field) != pool.waiting or number is None:
        return None
    return pool.claim_model._base_manager.filter(
        **{
            pool.pool_id_field: getattr(claim, pool.pool_id_field),
            pool.status_field: pool.waiting,
            f"{pool.queue_field}__lte": number,
        }
    ).count()


def standing(pool: Pool, claim: models.Model) -> Standing:
    """Where the claim stands now: its status, and its position when it waits."""
    status = getattr(claim, pool.status_field)
    return Standing(status=status, holds_place=status == pool.holding, position=waitlist_position(pool, claim))


def waitlist_position_expression(pool: Pool) -> models.Expression:
    """For `.annotate(position=...)` on the claims: the waitlist position of each row (1 = next).

    Meaningful on waiting rows only: a row without a queue number gets None, and a
    promoted row keeps its old number (so read it together with the status).
    """
    ahead = (
        pool.claim_model._base_manager.filter(
            **{
                pool.pool_id_field: OuterRef(pool.pool_id_field),
                pool.status_field: pool.waiting,
                f"{pool.queue_field}__lte": OuterRef(pool.queue_field),
            }
        )
        .values(pool.pool_id_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(ahead, output_field=models.IntegerField())
