"""Writes of the booths app: visits from badge scans, leads, scanner devices, staff, consultations."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg2 import sql

from audit.enums import AuditAction
from audit.services import record
from common.scanning import ScanOutcome, ScanResult
from common.sql import column, table
from mail.models import EmailStatus, OutboundEmail
from mail.outbox import queue_rendered_email, withdraw_queued
from registration.selectors import has_live_registration, registration_for_badge

from .models import Booth, BoothStaff, ConsultationBooking, ConsultationSlot, DeviceToken, Visit
from .selectors import BOOKING_NAME_SHARING_TEXT_VERSION, ScanBooth, booth_company_names

CONSULTATION_REMINDER = "consultation_reminder"  # the outbox kind of booths.reminders


@cache
def _insert_visit_sql() -> sql.Composed:
    """One visit row, or nothing when the unique constraints (a nonce, a visitor a day) already hold one."""
    columns = ["booth", "registration", "day", "scanned_at", "recorded_at", "client_nonce", "scanned_by"]
    return sql.SQL(
        "INSERT INTO {visits} ({columns}, {note}, {rating}, {tags}) VALUES ({values}, '', NULL, '{{}}') "
        "ON CONFLICT DO NOTHING RETURNING {id}"
    ).format(
        visits=table(Visit),
        columns=sql.SQL(", ").join(column(Visit, name) for name in columns),
        note=column(Visit, "note"),
        rating=column(Visit, "rating"),
        tags=column(Visit, "tags"),
        values=sql.SQL(", ").join(sql.Placeholder() for _name in columns),
        id=column(Visit, "id"),
    )


def record_visit(
    *, booth: Booth | ScanBooth, badge_code: str, nonce: str, scanned_at: datetime.datetime, scanned_by=None
) -> ScanResult:
    """Counts a visitor at a booth once a day, whoever scans and however often (common.scanning's outcomes).

    The subject is the badge's holder (`BadgeHolder`), the record the visit. A replayed
    nonce answers what its first scan did (`recorded`, the same visit, `replayed`) and
    counts nothing; the same visitor scanned again that day is `already_recorded` with the
    first visit. A cancelled registration is `cancelled`, a live one without any confirmed
    day `not_expected`. The database's unique constraints decide races between two staff
    scanning at once.
    """
    point = booth if isinstance(booth, ScanBooth) else ScanBooth.of(booth)
    holder = registration_for_badge(event_id=point.event_id, badge_code=badge_code)
    if holder is None:
        return ScanResult(ScanOutcome.NOT_FOUND)
    earlier = Visit.objects.filter(booth_id=point.booth_id, client_nonce=nonce).first()
    if earlier is not None:
        return _replayed(earlier, holder)
    if holder.is_cancelled:
        return ScanResult(ScanOutcome.CANCELLED, holder)
    if not holder.badge_is_valid:
        return ScanResult(ScanOutcome.NOT_EXPECTED, holder)
    day = timezone.localtime(scanned_at, point.zone).date()
    scanner_id = scanned_by.pk if getattr(scanned_by, "is_authenticated", False) else None
    now = timezone.now()
    # One statement, no savepoint: ON CONFLICT lets the unique constraints settle
    # replays and races, and works the same inside or outside a transaction.
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_visit_sql(),
            [point.booth_id, holder.registration_id, day, scanned_at, now, nonce, scanner_id],
        )
        inserted = cursor.fetchone()
    if inserted is None:
        earlier = Visit.objects.filter(booth_id=point.booth_id, client_nonce=nonce).first()
        if earlier is not None:  # the same scan, sent twice at once
            return _replayed(earlier, holder)
        first = Visit.objects.filter(booth_id=point.booth_id, registration_id=holder.registration_id, day=day).first()
        return ScanResult(ScanOutcome.ALREADY_RECORDED, holder, first)
    visit = Visit(
        pk=inserted[0], booth_id=point.booth_id, registration_id=holder.registration_id, day=day,
        scanned_at=scanned_at, recorded_at=now, client_nonce=nonce, scanned_by_id=scanner_id,
    )  # fmt: skip
    visit._state.adding, visit._state.db = False, connection.alias  # the row exists: saving it updates it
    return ScanResult(ScanOutcome.RECORDED, holder, visit)


def _replayed(visit: Visit, holder) -> ScanResult:
    """A nonce seen before at this booth: its own visit again, or a refusal when it was another visitor's."""
    if visit.registration_id != holder.registration_id:
        return ScanResult(ScanOutcome.MALFORMED)
    return ScanResult(ScanOutcome.RECORDED, holder, visit, replayed=True)


def update_lead(*, visit: Visit, note: str, rating: int | None, tags: list[str]) -> Visit:
    visit.note = note.strip()[:5000]
    visit.rating = rating
    visit.tags = sorted({" ".join(tag.split())[:40] for tag in tags if tag.strip()})
    visit.full_clean(exclude=["booth", "registration"])
    visit.save(update_fields=["note", "rating", "tags"])
    return visit


def annotate_lead(
    *,
    visit: Visit,
    rating: int | object | None = ...,
    note: str | None = None,
    add_tags: list[str] = (),
    remove_tags: list[str] = (),
) -> Visit:
    """One change from the scanner's post-scan panel: a rating, a note, tags added or taken away.

    What the change leaves out stays as it is, so taps made one after the other (or
    queued offline and sent later) never undo each other. The visit's row is locked
    while the change is applied.
    """
    with transaction.atomic():
        current = Visit.objects.select_for_update().get(pk=visit.pk)
        gone = {" ".join(tag.split()) for tag in remove_tags}
        tags = [tag for tag in current.tags if tag not in gone] + list(add_tags)
        update_lead(
            visit=current,
            note=current.note if note is None else note,
            rating=current.rating if rating is ... else rating,
            tags=tags,
        )
    return current


def create_device_token(*, booth: Booth, name: str, created_by) -> tuple[str, DeviceToken]:
    """A new scanner credential; the token is shown once and only its hash is kept."""
    token = secrets.token_urlsafe(32)
    device = DeviceToken.objects.create(
        booth=booth,
        name=name.strip()[:100] or _("Scanner"),
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        created_by=created_by,
    )
    return token, device


def revoke_device_token(*, device: DeviceToken) -> None:
    DeviceToken.objects.filter(pk=device.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def link_staff_invitations(*, user, email: str) -> int:
    """Gives a newly verified account the booth roles its address was invited to."""
    return BoothStaff.objects.filter(email__iexact=email, user__isnull=True).update(user=user)


# --- Consultations -----------------------------------------------------------------


@transaction.atomic
def book_consultation(*, user, slot: ConsultationSlot, agrees_to_share_name: bool) -> ConsultationBooking:
    """Books a seat of a slot under the slot's row lock; a repeated request returns the booking.

    Only people registered for the event (not cancelled) may book, and only by agreeing
    that the booth's companies see their name: the agreement is stored on the booking
    with its time, the version of the words and the companies they named.
    """
    slot = ConsultationSlot.objects.select_for_update().select_related("booth__event").get(pk=slot.pk)
    existing = ConsultationBooking.objects.filter(slot=slot, user=user, is_cancelled=False).first()
    if existing:
        return existing
    if not has_live_registration(event=slot.booth.event, user=user):
        raise ValidationError(
            _("Register for %(event)s before booking a consultation.") % {"event": slot.booth.event.name},
            code="not_registered",
        )
    if not agrees_to_share_name:
        raise ValidationError(
            _("A consultation shares your name with %(companies)s: tick the box to agree, or do not book.")
            % {"companies": booth_company_names(slot.booth)},
            code="no_agreement",
        )
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot has already started."))
    if slot.booked_count >= slot.seats:
        raise ValidationError(_("This slot is taken; choose another one."))
    try:
        with transaction.atomic():
            booking = ConsultationBooking.objects.create(
                slot=slot,
                user=user,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                name_shared_at=timezone.now(),
                name_sharing_text_version=BOOKING_NAME_SHARING_TEXT_VERSION,
                name_shared_with=booth_company_names(slot.booth),
            )
    except IntegrityError:
        raise ValidationError(_("You already have a consultation at that time.")) from None
    return booking  # booked_count is kept by a trigger on the bookings


@transaction.atomic
def cancel_consultation(*, booking: ConsultationBooking) -> None:
    """Frees the seat (the trigger on the bookings lowers booked_count) and withdraws an unsent reminder.

    Cancelling twice changes nothing.
    """
    ConsultationSlot.objects.select_for_update().get(pk=booking.slot_id)
    changed = ConsultationBooking.objects.filter(pk=booking.pk, is_cancelled=False).update(is_cancelled=True)
    if changed:
        withdraw_queued(kind=CONSULTATION_REMINDER, object_key_prefix=f"consultation:{booking.pk}:", reason="cancelled")


@transaction.atomic
def delete_consultation(*, booking: ConsultationBooking, actor=None) -> None:
    """An organiser deletes a booking: it is cancelled first (seat and reminder freed), then removed; audited."""
    if actor is not None:
        slot = ConsultationSlot.objects.select_related("booth__event").get(pk=booking.slot_id)
        record(
            actor=actor,
            action=AuditAction.DELETE,
            event=slot.booth.event,
            subject=booking,
            subject_user=booking.user,
            extra={"booth_id": slot.booth_id},
        )
    cancel_consultation(booking=booking)
    ConsultationBooking.objects.filter(pk=booking.pk).delete()


@transaction.atomic
def withdraw_stale_consultation_reminders(*, slot: ConsultationSlot) -> int:
    """After a slot moved: reminders still queued for its bookings' old time are not sent.

    The bookings themselves follow the slot inside the database (a trigger), and
    the reminder planner then reminds at the new time under a new key.
    """
    withdrawn = 0
    for booking in ConsultationBooking.objects.filter(slot=slot):
        current = f"consultation:{booking.pk}:{booking.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M}"
        withdrawn += (
            OutboundEmail.objects.filter(
                kind=CONSULTATION_REMINDER,
                object_key__startswith=f"consultation:{booking.pk}:",
                status=EmailStatus.QUEUED,
            )
            .exclude(object_key=current)
            .update(status=EmailStatus.SKIPPED, last_error="the consultation moved")
        )
    return withdrawn


@transaction.atomic
def cancel_consultations_of(*, user_id: int, event_id: int | None = None) -> int:
    """Cancels a person's live bookings (of one event, or all of them); returns how many."""
    bookings = ConsultationBooking.objects.filter(user_id=user_id, is_cancelled=False)
    if event_id is not None:
        bookings = bookings.filter(slot__booth__event_id=event_id)
    bookings = list(bookings.order_by("slot_id"))  # slots locked in one order: no deadlock
    for booking in bookings:
        cancel_consultation(booking=booking)
    return len(bookings)


@transaction.atomic
def move_consultation(
    *, booking: ConsultationBooking, to_slot: ConsultationSlot, agrees_to_share_name: bool
) -> ConsultationBooking:
    """Moves a booking to another slot; if the new one cannot be had, the old one stays.

    The new booking needs the agreement again: it is recorded anew, with the new slot's companies.
    """
    cancel_consultation(booking=booking)
    return book_consultation(user=booking.user, slot=to_slot, agrees_to_share_name=agrees_to_share_name)


def mark_attendance(*, booking: ConsultationBooking, attended: bool) -> None:
    ConsultationBooking.objects.filter(pk=booking.pk).update(attended=attended)


@transaction.atomic
def invite_staff(*, booth: Booth) -> int:
    """Emails people added to a booth who have no account yet, once each, with a link to sign up."""

    invited = 0
    for staff in BoothStaff.objects.select_for_update().filter(booth=booth, user__isnull=True, invited_at__isnull=True):
        queue_rendered_email(
            template="booths/email/staff_invitation",
            context={"booth": booth, "event": booth.event, "signup_url": settings.SITE_URL + reverse("account_signup")},
            kind="booth_staff_invitation",
            recipient=staff.email,
            object_key=f"booth-staff:{staff.pk}",
            language=staff.language,
        )
        staff.invited_at = timezone.now()
        staff.save(update_fields=["invited_at"])
        invited += 1
    return invited


# --- Personal data (common.personal_data) -----------------------------------------------

LEAD_RETENTION = datetime.timedelta(days=365)


def _erase_leads(visits) -> int:
    """The visits stay (they are the booth's counts); what the booth noted of the visitor goes."""
    return visits.filter(lead_erased_at__isnull=True).update(
        note="", rating=None, tags=[], lead_erased_at=timezone.now()
    )


def erase_visits(user) -> None:
    _erase_leads(Visit.objects.filter(registration__user=user))


def forget_event_visits(event, emails: set[str]) -> None:
    _erase_leads(Visit.objects.filter(booth__event=event))


def expire_leads(now: datetime.datetime) -> int:
    """A booth company keeps a lead's details for at most a year after the visit (the consent text's promise)."""
    return _erase_leads(Visit.objects.filter(scanned_at__lt=now - LEAD_RETENTION))


def erase_consultations(user) -> None:
    """Run after the bookings were cancelled through cancel_consultations_of: the rows stay as counts."""
    ConsultationBooking.objects.filter(user=user).update(user=None)


def forget_event_consultations(event, emails: set[str]) -> None:
    ConsultationBooking.objects.filter(slot__booth__event=event, user__isnull=False).update(user=None)


def erase_booth_staff(user) -> None:
    """Roles and invitations of the address go; devices and scans the person made stay, unsigned."""
    BoothStaff.objects.filter(user=user).delete()
    BoothStaff.objects.filter(email__iexact=user.email).delete()
    DeviceToken.objects.filter(created_by=user).update(created_by=None)
    Visit.objects.filter(scanned_by=user).update(scanned_by=None)
