"""Writes of the registration app: profiles, consents, registrations and their seats.

Seat rules: a day is a pool of common.capacity (registration.pools.DAY_SEATS):
its seats are allocated only while that day's EventDay row is locked (SELECT ...
FOR UPDATE). The row's confirmed_count is kept by a database trigger on the day's
RegistrationDay rows (whatever path adds, changes or deletes one) and guarded by a
check constraint, so no interleaving of requests can confirm more people than the
capacity. The day's own rule on top of the capacity (seats held for categories)
stays here, as does every email. Locks are always taken registration first, then
days by date, so concurrent requests cannot deadlock.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from announcements.models import Announcement
from audit.enums import AuditAction
from audit.services import record
from common import capacity, personal_data
from common.scanning import ScanOutcome, ScanResult
from events.enums import CATEGORIES_WITH_GRADUATE_SCHOOL
from events.models import Event, EventDay, Organization
from events.services import organization_for_typed_name
from mail.reminders import set_reminder_preferences
from people.enums import ConsentKind
from people.models import AttendeeProfile
from people.selectors import current_consents

from .badge_lookup import registration_for_badge
from .emails import queue_promotion_notice, queue_registration_confirmation
from .enums import DayStatus
from .models import CheckInRole, EntranceCheckIn, Registration, RegistrationDay
from .pools import DAY_SEATS
from .selectors import personal_data_removal_date
from .signals import account_deleting, organizations_merged, registration_cancelled

# --- Profile and consent ----------------------------------------------------


@transaction.atomic
def save_attendee_profile(
    *,
    user: User,
    full_name: str,
    category: str,
    organization: Organization | None = None,
    new_organization_name: str = "",
    graduate_school: Organization | None = None,
    position: str = "",
    research_interests: Iterable[str] = (),
    open_to_job_offers: bool = False,
    accessibility_needs: str = "",
    reminders: dict[str, bool] | None = None,
) -> AttendeeProfile:
    if organization is None and new_organization_name.strip():
        organization = organization_for_typed_name(name=new_organization_name, category=category)
    if category not in CATEGORIES_WITH_GRADUATE_SCHOOL:
        graduate_school = None
    elif graduate_school is None:
        raise ValidationError({"graduate_school": _("Choose your AI graduate school.")})
    interests = []
    for tag in research_interests:
        tag = " ".join(tag.split())[:50]
        if tag and tag.lower() not in {existing.lower() for existing in interests}:
            interests.append(tag)
    # The person's row is the lock for their first profile: without it two taps on "register" both
    # find no profile and the second insert fails on the one-profile-per-person key. Consents take
    # the same lock next, so the order is always person, then profile.
    User.objects.select_for_update().filter(pk=user.pk).first()
    profile = AttendeeProfile.objects.select_for_update().filter(user=user).first() or AttendeeProfile(user=user)
    profile.full_name = " ".join(full_name.split())
    profile.category = category
    profile.organization = organization
    profile.graduate_school = graduate_school
    profile.position = position.strip()
    profile.research_interests = interests
    profile.open_to_job_offers = open_to_job_offers
    profile.accessibility_needs = accessibility_needs.strip()
    profile.full_clean()
    profile.save()
    if reminders:  # {reminder kind: wanted}, the kinds registered with mail.reminders
        set_reminder_preferences(user=user, choices=reminders)
    return profile


# --- Seats ------------------------------------------------------------------


def _quota_allows(day: EventDay, category: str) -> bool:
    """Whether the day's held seats leave room for one more person of this category. Call with the day locked.

    The day's capacity itself is the pool's (common.capacity); this is the day's own rule on top of it.
    """
    quotas = dict(day.quotas.values_list("category", "seats"))
    if not quotas:
        return True
    confirmed_by_category = dict(
        RegistrationDay.objects.filter(day=day, status=DayStatus.CONFIRMED)
        .values_list("registration__category")
        .annotate(Count("id"))
    )
    if confirmed_by_category.get(category, 0) < quotas.get(category, 0):
        return True
    general_capacity = day.capacity - sum(quotas.values())
    general_used = sum(max(0, count - quotas.get(held, 0)) for held, count in confirmed_by_category.items())
    return general_used < general_capacity


def _fits(day: EventDay):
    return lambda entry: _quota_allows(day, entry.registration.category)


def _has_seat(day: EventDay, entry: RegistrationDay) -> bool:
    """Whether the entry's person fits on the day now: a free seat, and one their category may take."""
    return capacity.has_free_place(DAY_SEATS, day) and _quota_allows(day, entry.registration.category)


def _allocate(entry: RegistrationDay, day: EventDay) -> None:
    capacity.claim(DAY_SEATS, day, entry, fits=_fits(day))


def _fill_seats(day: EventDay) -> list[RegistrationDay]:
    """Promotes waitlisted people in queue order while seats remain, and tells them. Call with the day locked."""
    promoted = capacity.fill(DAY_SEATS, day, fits=_fits(day))
    for entry in promoted:
        queue_promotion_notice(entry)
    return promoted


def _locked_days(days: Iterable[EventDay]) -> dict[int, EventDay]:
    return capacity.lock_many(DAY_SEATS, (day.pk for day in days), order_by=["date"])


# --- Registering and cancelling -----------------------------------------------


# Letters and digits people can read out and type: no 0/O, 1/I/L or U/V, and no "-" or "_"
# (a code starting with "-" would also be taken for a formula by a spreadsheet).
BADGE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
BADGE_LENGTH = 16  # 29**16 is about 2**77: unguessable


def _new_badge_code() -> str:
    return "".join(secrets.choice(BADGE_ALPHABET) for _ in range(BADGE_LENGTH))


# What people put between the groups of a code they read out or copy: spaces of every
# width (the pages group codes with spaces) and dashes of every length.
_BADGE_CODE_SEPARATORS = re.compile(r"[\s\u00a0\u2009\u202f\-\u2010-\u2015\u2212]+")


def normalise_badge_code(typed: str) -> str:
    """A badge code as a person typed it (`abcd efgh-jkmn…`) in the form stored: no separators, upper case.

    Badge codes use only upper-case letters and digits, so this never turns one
    stored code into another; QR payloads come through unchanged.
    """
    return _BADGE_CODE_SEPARATORS.sub("", typed).upper()


def register_attendee(
    *, event: Event, user: User, dates: Iterable[datetime.date], enforce_window: bool = True
) -> Registration:
    """Registers a person for the chosen days: confirmed while seats remain, else waitlisted.

    Categories the event marks for approval wait as pending. A repeated submit
    (double click, second tab) returns the live registration it already made.
    The confirmation email is queued after the transaction commits. enforce_window=False
    lets organisers (and the demo) register people outside the registration window.
    """
    existing = Registration.objects.filter(event=event, user=user, cancelled_at__isnull=True).first()
    if existing:
        return existing
    if enforce_window and not event.registration_is_open():
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    profile = AttendeeProfile.objects.filter(user=user).first()
    if profile is None:
        raise ValidationError(_("Fill in your profile before registering."), code="no_profile")
    consent = current_consents(user, event=event).get(ConsentKind.EVENT_PROCESSING)
    if consent is None or not consent.granted:
        raise ValidationError(_("The consent to run the event is needed to register."), code="no_consent")
    chosen = set(dates)
    days = list(EventDay.objects.filter(event=event, date__in=chosen))
    if not chosen or len(days) != len(chosen):
        raise ValidationError(_("Choose at least one day of the event."), code="no_days")

    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, user=user, category=profile.category, badge_code=_new_badge_code()
            )
            locked = _locked_days(days)
            needs_approval = profile.category in event.approval_categories
            for day in locked.values():
                entry = RegistrationDay.objects.create(registration=registration, day=day, status=DayStatus.PENDING)
                if not needs_approval:
                    _allocate(entry, day)
            queue_registration_confirmation(registration)
    except IntegrityError:
        # Another request of the same person won the race: theirs is the registration.
        existing = Registration.objects.filter(event=event, user=user, cancelled_at__isnull=True).first()
        if existing is None:
            raise
        return existing
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, actor=None) -> Registration:
    """Cancels every day of a registration and promotes the next waitlisted person for each freed seat.

    Cancelling twice is harmless: the second call changes nothing. With an actor (an
    organiser), the cancellation goes into the audit trail.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_cancelled:
        return registration
    if actor is not None:
        record(
            actor=actor,
            action=AuditAction.CANCEL,
            event=registration.event,
            subject=registration,
            subject_user=registration.user,
        )
    entries = list(registration.days.exclude(status__in=[DayStatus.CANCELLED, DayStatus.REJECTED]))
    locked = _locked_days(entry.day for entry in entries)
    for entry in entries:
        day = locked[entry.day_id]
        for promoted in capacity.release(DAY_SEATS, day, entry, status=DayStatus.CANCELLED, fits=_fits(day)):
            queue_promotion_notice(promoted)
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at"])
    # In this transaction: the person's seats and consultations go with the registration, or nothing does.
    registration_cancelled.send(
        sender=Registration,
        registration_id=registration.pk,
        user_id=registration.user_id,
        event_id=registration.event_id,
    )
    return registration


@transaction.atomic
def delete_registration(*, registration: Registration, actor=None) -> None:
    """An organiser deletes a registration: it is cancelled first, so its seats go to the waitlist."""
    if actor is not None:
        record(
            actor=actor,
            action=AuditAction.DELETE,
            event=registration.event,
            subject=registration,
            subject_user=registration.user,
        )
    cancel_registration(registration=registration)
    Registration.objects.filter(pk=registration.pk).delete()


@transaction.atomic
def decide_pending(*, registration: Registration, approve: bool, actor=None) -> Registration:
    """An organiser approves (seats are then allocated as for anyone) or rejects pending days; audited."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    entries = list(registration.days.filter(status=DayStatus.PENDING))
    if not entries:
        return registration
    record(
        actor=actor,
        action=AuditAction.APPROVE if approve else AuditAction.REJECT,
        event=registration.event,
        subject=registration,
        subject_user=registration.user,
        row_count=len(entries),
    )
    locked = _locked_days(entry.day for entry in entries)
    for entry in entries:
        entry.registration = registration
        if approve:
            _allocate(entry, locked[entry.day_id])
        else:
            entry.status = DayStatus.REJECTED
            entry.status_changed_at = timezone.now()
            entry.save(update_fields=["status", "status_changed_at"])
    queue_registration_confirmation(registration, occasion=":decided")
    return registration


@transaction.atomic
def promote_from_waitlist(*, registration: Registration, actor=None) -> list[RegistrationDay]:
    """Promotes a registration's waitlisted days where a seat is free (organiser action; audited when any is)."""
    entries = list(registration.days.filter(status=DayStatus.WAITLISTED).select_related("registration"))
    locked = _locked_days(entry.day for entry in entries)
    promoted = []
    for entry in entries:
        entry.refresh_from_db()
        day = locked[entry.day_id]
        if entry.status == DayStatus.WAITLISTED and _has_seat(day, entry):
            capacity.hold(DAY_SEATS, day, entry)
            promoted.append(entry)
            queue_promotion_notice(entry)
    if promoted:
        record(
            actor=actor,
            action=AuditAction.PROMOTE,
            event=registration.event,
            subject=registration,
            subject_user=registration.user,
            row_count=len(promoted),
        )
    return promoted


@transaction.atomic
def fill_seats(*, day: EventDay) -> list[RegistrationDay]:
    """Promotes from the waitlist after an organiser raised the day's capacity."""
    locked = _locked_days([day])
    return _fill_seats(locked[day.pk])


@transaction.atomic
def resend_confirmation(*, registration: Registration) -> None:
    """Queues the confirmation again (an organiser's action): a new message, not a repeat of the first."""
    queue_registration_confirmation(registration, occasion=f":resent:{timezone.now().timestamp():.0f}")


# --- Personal data ---------------------------------------------------------------


@transaction.atomic
def delete_account(*, user: User, actor=None) -> None:
    """Deletes a person and their personal data; what must stay as a count stays, anonymous.

    Everything the person holds is cancelled through the services first, in this
    transaction: live registrations (their day seats go to the waitlist, and the
    people promoted are emailed), and through account_deleting whatever downstream
    apps hold (reserved session seats, consultation bookings). Then every personal-data
    provider erases what it holds (common.personal_data: the outbox, townhall guests,
    booth leads, agendas...), and the account goes. The counters are kept by database
    triggers in any case.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()
    if actor is not None and actor.pk != user.pk:
        # An organiser's deletion; the entry keeps the account's id, its person link empties with the account.
        record(actor=actor, action=AuditAction.DELETE, subject=user, subject_user=user)
    for registration in Registration.objects.filter(user=user, cancelled_at__isnull=True).order_by("pk"):
        cancel_registration(registration=registration)
    account_deleting.send(sender=User, user_id=user.pk)
    personal_data.erase_person(user)
    user.delete()  # the email addresses allauth keeps go with it (CASCADE)


def erase_account_records(user: User) -> None:
    """What an organiser or helper leaves: roles go, the announcements they wrote stay unsigned."""
    CheckInRole.objects.filter(user=user).delete()
    Announcement.objects.filter(created_by=user).update(created_by=None)
    EntranceCheckIn.objects.filter(scanned_by=user).update(scanned_by=None)


def erase_admin_history(user: User) -> None:
    """The admin's own history names people in each entry's title and message: those entries lose the name."""

    profile = AttendeeProfile.objects.filter(user=user).first()
    needles = [needle for needle in (user.email, profile.full_name if profile else "") if needle]
    naming = Q(content_type__app_label=User._meta.app_label, content_type__model=User._meta.model_name,
               object_id=str(user.pk))  # fmt: skip
    for needle in needles:
        naming |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    LogEntry.objects.filter(naming).update(object_repr="—", change_message="")


def erase_profile(user: User) -> None:
    erase_admin_history(user)  # first: it looks for the name the profile holds
    AttendeeProfile.objects.filter(user=user).delete()


def erase_registrations(user: User) -> None:
    """Registrations, their days and check-ins stay as anonymous counts: only the link to the person goes."""
    Registration.objects.filter(user=user).update(user=None)


def forget_event_registrations(event: Event, emails: set[str]) -> None:
    """The event's registrations lose their person; a profile nobody registered with any more goes too.

    The account stays (its owner signs in with it and may delete it); what the
    person told us as an attendee (name, organisation, needs) is kept only while a
    registration of theirs is within its retention period.
    """
    user_ids = set(Registration.objects.filter(event=event, user__isnull=False).values_list("user_id", flat=True))
    Registration.objects.filter(event=event, user__isnull=False).update(user=None)
    AttendeeProfile.objects.filter(user_id__in=user_ids).exclude(user__registrations__isnull=False).delete()


# --- Retention (the periods the consent texts promise) -----------------------------------


def apply_retention_periods(*, now: datetime.datetime | None = None) -> dict:
    """Erases what the consent texts promise to erase, once its time has come; safe to run again.

    For each event whose removal date (one year after its last day, in the event's
    time zone) has come, every personal-data provider forgets the event's attendees,
    one transaction per event; counts stay. Then providers with periods of their own
    (booth leads: one year after the visit) apply them. Returns what was done.
    """
    now = now or timezone.now()
    forgotten: dict[str, int] = {}
    latest_due_end = timezone.localdate(now) - datetime.timedelta(days=364)
    for event in Event.objects.filter(end_date__lte=latest_due_end).order_by("end_date", "pk"):
        if personal_data_removal_date(event) > timezone.localdate(now, event.zone):
            continue
        with transaction.atomic():
            Event.objects.select_for_update().filter(pk=event.pk).first()
            people = personal_data.forget_event(event)
        if people:
            forgotten[event.slug] = len(people)
    with transaction.atomic():
        expired = personal_data.expire(now)
    return {"events": forgotten, "expired": expired}


# --- Organisations -------------------------------------------------------------------


def _foreign_keys_to_organizations():
    """Every (model, field) in any app whose foreign key points at Organization, many-to-many tables included."""
    for relation in Organization._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one):
            yield relation.related_model, relation.field


def _move_rows(model, field, duplicate_ids: list[int], target: Organization) -> None:
    """Points the rows at the target; a row the target already has its own copy of goes instead."""
    rows = model._base_manager.filter(**{f"{field.name}__in": duplicate_ids})
    try:
        with transaction.atomic():
            rows.update(**{field.name: target})
        return
    except IntegrityError:
        pass  # some row duplicates one of the target's (a unique key with the organisation in it)
    for pk in rows.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{field.name: target})
        except IntegrityError:
            model._base_manager.filter(pk=pk).delete()


@transaction.atomic
def merge_organizations(*, target: Organization, duplicates: Iterable[Organization], actor=None) -> int:
    """Folds duplicate organisations (often typed in by attendees) into one; returns how many went.

    Every row that points at a duplicate, in whatever app (profiles, partners, speakers,
    booth companies...), is found through the foreign keys and moved to the target in
    this transaction; where the target already has the same row (the same partner role,
    the same booth), the duplicate's copy goes. Nothing is left to block or cascade from
    the deletion of the duplicates.
    """
    duplicate_ids = sorted({organization.pk for organization in duplicates if organization.pk != target.pk})
    if not duplicate_ids:
        return 0
    list(Organization.objects.select_for_update().filter(pk__in=[target.pk, *duplicate_ids]).order_by("pk"))
    for model, field in _foreign_keys_to_organizations():
        _move_rows(model, field, duplicate_ids, target)
    organizations_merged.send(sender=Organization, target=target, duplicate_ids=duplicate_ids)
    record(
        actor=actor,
        action=AuditAction.MERGE,
        subject=target,
        row_count=len(duplicate_ids),
        extra={"merged_ids": duplicate_ids},
    )
    Organization.objects.filter(pk__in=duplicate_ids).delete()
    if not target.is_verified:
        target.is_verified = True
        target.save(update_fields=["is_verified"])
    return len(duplicate_ids)


def set_preferred_language(*, user: User, language: str) -> None:
    """The language someone reads the site in is the one their emails come in."""
    if user.is_authenticated and user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)


def check_in_at_entrance(*, event: Event, badge_code: str, nonce: str, scanned_at, scanned_by=None) -> ScanResult:
    """Admits an attendee for the day of the scan, once, in the scanners' outcomes (common.scanning).

    The subject is the holder (`BadgeHolder`) and the record the check-in. A replayed nonce
    answers what its first scan did (`recorded`, the same check-in, `replayed`) and counts
    nothing; another scan of someone already in today is `already_recorded`. A cancelled
    registration is `cancelled`; a live one without a confirmed place on the scan's day is
    `not_expected`. The unique constraints (one check-in per person and day, one per nonce)
    decide races between two desks.
    """
    holder = registration_for_badge(event_id=event.pk, badge_code=badge_code)
    if holder is None:
        return ScanResult(ScanOutcome.NOT_FOUND)
    earlier = EntranceCheckIn.objects.filter(client_nonce=nonce).select_related("day").first()
    if earlier is not None:
        return _replayed(earlier, holder)
    if holder.is_cancelled:
        return ScanResult(ScanOutcome.CANCELLED, holder)
    date = timezone.localtime(scanned_at, event.zone).date()
    entry = (
        RegistrationDay.objects.filter(registration_id=holder.registration_id, day__date=date)
        .select_related("day")
        .first()
    )
    if entry is None or entry.status != DayStatus.CONFIRMED:
        return ScanResult(ScanOutcome.NOT_EXPECTED, holder)
    try:
        with transaction.atomic():
            check_in = EntranceCheckIn.objects.create(
                registration_id=holder.registration_id,
                day=entry.day,
                checked_in_at=scanned_at,
                client_nonce=nonce,
                scanned_by=scanned_by if getattr(scanned_by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        earlier = EntranceCheckIn.objects.filter(client_nonce=nonce).select_related("day").first()
        if earlier is not None:  # the same scan, sent twice at once
            return _replayed(earlier, holder)
        first = EntranceCheckIn.objects.filter(registration_id=holder.registration_id, day=entry.day).first()
        return ScanResult(ScanOutcome.ALREADY_RECORDED, holder, first)
    return ScanResult(ScanOutcome.RECORDED, holder, check_in)


def check_in_by_code(*, event: Event, code: str, nonce: str, scanned_at, scanned_by=None) -> ScanResult:
    """The entrance as a check-in point (common.check_in_points): a badge code as typed or scanned."""
    return check_in_at_entrance(
        event=event, badge_code=normalise_badge_code(code), nonce=nonce, scanned_at=scanned_at, scanned_by=scanned_by
    )


def _replayed(check_in: EntranceCheckIn, holder) -> ScanResult:
    """A nonce seen before: its own check-in again, or a refusal when it was another person's."""
    if check_in.registration_id != holder.registration_id:
        return ScanResult(ScanOutcome.MALFORMED)
    return ScanResult(ScanOutcome.RECORDED, holder, check_in, replayed=True)
