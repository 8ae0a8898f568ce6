"""Writes of the townhall: answers under the townhall's row lock, invitations, seating, the door."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.enums import AuditAction
from audit.services import record
from common import capacity
from common.calendar import CalendarEntry
from common.exports import read_cell
from common.input import read_csv_text
from common.personal_data import ERASED_DOMAIN, erased_address
from common.scanning import ScanOutcome, ScanResult
from mail.outbox import calendar_attachment, queue_rendered_email

from .enums import GuestStatus, Sector
from .models import Guest, Table, Townhall, new_token
from .pools import TOWNHALL_SEATS

# --- Answers ------------------------------------------------------------------------


def townhall_entry(townhall: Townhall) -> CalendarEntry:
    """The evening as a calendar entry, in the active language (no RSVP link: that is the guest's secret)."""
    return CalendarEntry(
        uid=f"townhall-{townhall.pk}@symposium",
        summary=_("%(event)s · Townhall") % {"event": townhall.event.name},
        start=townhall.starts_at,
        end=townhall.ends_at,
        location=townhall.venue,
        description=townhall.description,
    )


def townhall_attachment(townhall: Townhall, *, language: str) -> dict:
    return calendar_attachment(
        "townhall.ics", lambda: [townhall_entry(townhall)], time_zone=townhall.event.time_zone, language=language
    )


def _queue_guest_email(guest: Guest, template: str, kind: str, occasion: str = "") -> None:
    townhall = guest.townhall
    with_calendar = template in {"accepted", "promoted"}
    queue_rendered_email(
        template=f"townhall/email/{template}",
        context={
            "guest": guest,
            "townhall": townhall,
            "event": townhall.event,
            "rsvp_url": settings.SITE_URL + reverse("townhall:rsvp", args=[guest.rsvp_token]),
        },
        kind=kind,
        recipient=guest.email,
        object_key=f"guest:{guest.pk}{occasion}",
        language=guest.language,
        attachments=[townhall_attachment(townhall, language=guest.language)] if with_calendar else [],
        secret=True,  # the RSVP link answers for the guest: nobody but the guest keeps it
    )


def _tell_promoted(guests: list[Guest]) -> None:
    for guest in guests:
        _queue_guest_email(guest, "promoted", "townhall_promotion", f":promoted:{timezone.now().timestamp():.0f}")


@transaction.atomic
def fill_places(*, townhall: Townhall) -> list[Guest]:
    """After an organiser raised the capacity: waiting guests are seated in order and told by email."""
    townhall = capacity.lock(TOWNHALL_SEATS, townhall.pk)
    promoted = capacity.fill(TOWNHALL_SEATS, townhall)
    _tell_promoted(promoted)
    return promoted


@transaction.atomic
def answer_rsvp(*, guest: Guest, attending: bool, dietary_needs: str = "", enforce_deadline: bool = True) -> Guest:
    """Accepts (a seat, or the waitlist when full) or declines; a decline frees a seat for the next guest.

    Runs under the townhall's row lock (common.capacity), so parallel answers never
    seat more than the capacity. Answering the same way twice changes nothing.
    """
    townhall = capacity.lock(TOWNHALL_SEATS, guest.townhall_id)
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    if enforce_deadline and not townhall.is_open_for_answers():
        raise ValidationError(_("The deadline for answers has passed."))
    guest.dietary_needs = dietary_needs.strip()[:300]
    guest.answered_at = timezone.now()
    was = guest.status
    if attending and was in {GuestStatus.ACCEPTED, GuestStatus.WAITLISTED}:
        guest.save(update_fields=["dietary_needs", "answered_at"])
        return guest
    if not attending and was == GuestStatus.DECLINED:
        guest.save(update_fields=["dietary_needs", "answered_at"])
        return guest
    answer_fields = ["dietary_needs", "answered_at", "table"]
    if attending:
        capacity.claim(TOWNHALL_SEATS, townhall, guest, extra_fields=answer_fields)
    else:
        guest.table = None if not guest.table_pinned else guest.table
        _tell_promoted(
            capacity.release(TOWNHALL_SEATS, townhall, guest, status=GuestStatus.DECLINED, extra_fields=answer_fields)
        )
    if guest.status == GuestStatus.ACCEPTED:
        _queue_guest_email(guest, "accepted", "townhall_acceptance", f":accepted:{guest.answered_at.timestamp():.0f}")
    return guest


# --- Invitations --------------------------------------------------------------------------


@transaction.atomic
def send_invitations(*, guests) -> int:
    """Queues the invitation for each guest not yet invited; the outbox sends them in batches.

    Locks only the guests' own rows: the admin's list joins the (nullable) table,
    and PostgreSQL cannot lock the nullable side of an outer join.
    """
    invited = 0
    selected = guests.select_for_update(of=("self",)).select_related("townhall__event")
    for guest in selected.filter(status=GuestStatus.NOT_SENT):
        _queue_guest_email(guest, "invitation", "townhall_invitation")
        guest.status = GuestStatus.SENT
        guest.invited_at = timezone.now()
        guest.save(update_fields=["status", "invited_at"])
        invited += 1
    return invited


@transaction.atomic
def resend_invitation(*, guest: Guest) -> None:
    _queue_guest_email(guest, "invitation", "townhall_invitation", f":resent:{timezone.now().timestamp():.0f}")


# --- Importing guests ----------------------------------------------------------------------

GUEST_COLUMNS = ["name", "email", "organisation", "sector", "title", "vip", "language"]


@dataclass
class GuestImport:
    valid: list[dict] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def preview_guest_csv(*, townhall: Townhall, data: bytes) -> GuestImport:
    """Reads a guest list and says what is wrong with each row, saving nothing.

    Each row gets the model's own validation (`full_clean()`), the same the
    import relies on, so a row the preview calls valid is one the database takes.
    """
    result = GuestImport()
    text = read_csv_text(data)
    if text is None:
        result.problems.append((1, _("The file is not UTF-8 text; save it as CSV UTF-8.")))
        return result
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    missing = [column for column in ("name", "email", "organisation", "sector") if column not in columns]
    if missing:
        result.problems.append((1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}))
        return result
    known = set(Guest.objects.filter(townhall=townhall).values_list("email", flat=True))
    known = {email.lower() for email in known}
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        row = {column: read_cell(value) if isinstance(value, str) else value for column, value in row.items()}
        email = (row.get("email") or "").strip().lower()
        values = {
            "name": (row.get("name") or "").strip(),
            "email": email,
            "organisation": (row.get("organisation") or "").strip(),
            "sector": (row.get("sector") or "").strip(),
            "title": (row.get("title") or "").strip(),
            "is_vip": (row.get("vip") or "").strip().lower() in {"1", "yes", "y", "true", "vip"},
            "language": "en" if (row.get("language") or "").strip().lower().startswith("en") else "ko",
        }
        reasons = []
        told = set()  # fields with a friendlier message already: not told twice
        if not values["name"]:
            reasons.append(_("no name"))
            told.add("name")
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("“%(email)s” is not an email address") % {"email": email})
            told.add("email")
        if values["sector"] not in Sector.values:
            reasons.append(_("unknown sector “%(sector)s”") % {"sector": values["sector"]})
            told.add("sector")
        duplicate = email in known or email in seen
        if duplicate:
            reasons.append(_("%(email)s is already a guest") % {"email": email})
        try:
            Guest(townhall=townhall, **values).full_clean(exclude=told, validate_constraints=not duplicate)
        except ValidationError as error:
            reasons.extend(_field_messages(Guest, error))
        if reasons:
            result.problems.append((line, "; ".join(reasons)))
            continue
        seen.add(email)
        result.valid.append(values)
    return result


def _field_messages(model, error: ValidationError) -> list[str]:
    """'label: message' for each of a model validation error's messages."""
    messages = []
    for name, field_messages in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else f"{model._meta.get_field(name).verbose_name}: "
        messages.extend(f"{label}{message}" for message in field_messages)
    return messages


@transaction.atomic
def import_guests(*, townhall: Townhall, data: bytes) -> GuestImport:
    """Imports the valid rows together; the bad ones are reported and left out."""
    result = preview_guest_csv(townhall=townhall, data=data)
    Guest.objects.bulk_create([Guest(townhall=townhall, **row) for row in result.valid])
    return result


# --- Seating -------------------------------------------------------------------------------


@dataclass
class SeatingReport:
    seated: int
    unseated: int
    sectors_per_table: dict[int, int]
    vips_per_table: dict[int, int]
    same_organisation_pairs: int


@transaction.atomic
def assign_seating(*, townhall: Townhall) -> SeatingReport:
    """Seats every accepted guest: sectors mixed evenly, VIPs spread, colleagues apart; pins are kept.

    Greedy: VIPs first, then the largest sectors, each guest to the table where
    they add the most variety (a sector and an organisation not yet there), the
    emptiest such table winning ties.
    """
    Townhall.objects.select_for_update().get(pk=townhall.pk)
    tables = list(Table.objects.filter(townhall=townhall).order_by("number"))
    guests = list(Guest.objects.filter(townhall=townhall, status=GuestStatus.ACCEPTED).order_by("pk"))
    Guest.objects.filter(townhall=townhall).exclude(status=GuestStatus.ACCEPTED).exclude(table_pinned=True).update(
        table=None
    )
    seats = {table.pk: [] for table in tables}
    pinned = [guest for guest in guests if guest.table_pinned and guest.table_id in seats]
    for guest in pinned:
        seats[guest.table_id].append(guest)
    free = [guest for guest in guests if guest not in pinned]
    sector_sizes = Counter(guest.sector for guest in free)
    free.sort(key=lambda guest: (not guest.is_vip, -sector_sizes[guest.sector], guest.pk))
    capacity = {table.pk: table.seats for table in tables}
    unseated = 0
    for guest in free:
        open_tables = [table.pk for table in tables if len(seats[table.pk]) < capacity[table.pk]]
        if not open_tables:
            guest.table = None
            unseated += 1
            continue

        def score(table_id: int, guest: Guest = guest) -> tuple:
            here = seats[table_id]
            return (
                guest.is_vip and any(other.is_vip for other in here),
                any(other.organisation == guest.organisation for other in here),
                sum(other.sector == guest.sector for other in here),
                len(here),
                table_id,
            )

        best = min(open_tables, key=score)
        seats[best].append(guest)
        guest.table_id = best
    Guest.objects.bulk_update(free, ["table"])
    return SeatingReport(
        seated=sum(len(people) for people in seats.values()),
        unseated=unseated,
        sectors_per_table={table.number: len({g.sector for g in seats[table.pk]}) for table in tables},
        vips_per_table={table.number: sum(g.is_vip for g in seats[table.pk]) for table in tables},
        same_organisation_pairs=sum(
            count * (count - 1) // 2
            for people in seats.values()
            for count in Counter(g.organisation for g in people).values()
            if count > 1
        ),
    )


# --- The door ---------------------------------------------------------------------------------


def check_in_guest(*, townhall: Townhall, code: str, nonce: str, scanned_at: datetime.datetime) -> ScanResult:
    """Admits an accepted guest once; anyone else gets a clear answer at the door (common.scanning's outcomes).

    The subject and the record are the guest. A replayed nonce answers what its first scan
    did (`recorded`, `replayed`) and counts nothing; another scan of a guest already in is
    `already_recorded`. A guest who declined is `cancelled`, one without a seat tonight
    (waitlisted, or who has not answered) `not_expected`. One conditional update decides
    a race between two door scanners.
    """
    guest = Guest.objects.filter(townhall=townhall, door_code=code).select_related("table").first()
    if guest is None:
        return ScanResult(ScanOutcome.NOT_FOUND)
    if guest.check_in_nonce == nonce:
        return ScanResult(ScanOutcome.RECORDED, guest, guest, replayed=True)
    if guest.status == GuestStatus.DECLINED:
        return ScanResult(ScanOutcome.CANCELLED, guest)
    if guest.status != GuestStatus.ACCEPTED:
        return ScanResult(ScanOutcome.NOT_EXPECTED, guest)
    try:
        with transaction.atomic():
            updated = Guest.objects.filter(pk=guest.pk, checked_in_at__isnull=True).update(
                checked_in_at=scanned_at, check_in_nonce=nonce
            )
    except IntegrityError:  # the nonce let another guest in
        return ScanResult(ScanOutcome.MALFORMED)
    guest.refresh_from_db(fields=["checked_in_at", "check_in_nonce"])
    if updated:
        return ScanResult(ScanOutcome.RECORDED, guest, guest)
    if guest.check_in_nonce == nonce:  # the same scan, sent twice at once
        return ScanResult(ScanOutcome.RECORDED, guest, guest, replayed=True)
    return ScanResult(ScanOutcome.ALREADY_RECORDED, guest, guest)


def check_in_at_door(*, event, code: str, nonce: str, scanned_at: datetime.datetime, scanned_by=None) -> ScanResult:
    """The townhall door as a check-in point (common.check_in_points): the event's townhall, by a guest's code."""
    townhall = Townhall.objects.filter(event=event).first()
    if townhall is None:
        return ScanResult(ScanOutcome.NOT_FOUND)
    return check_in_guest(townhall=townhall, code=code, nonce=nonce, scanned_at=scanned_at)


@transaction.atomic
def remove_guest(*, guest: Guest, actor=None) -> None:
    """An organiser deletes a guest: an accepted guest's seat goes to the first guest waiting.

    With an actor (an organiser in the admin), the deletion goes into the audit trail.
    """
    townhall = capacity.lock(TOWNHALL_SEATS, guest.townhall_id, queryset=Townhall.objects.select_related("event"))
    guest = Guest.objects.select_for_update().filter(pk=guest.pk).first()
    if guest is None:
        return
    if actor is not None:
        record(actor=actor, action=AuditAction.DELETE, event=townhall.event, subject=guest)
    _tell_promoted(capacity.remove(TOWNHALL_SEATS, townhall, guest))  # the trigger on the guests lowers the count


def add_guest(*, townhall: Townhall, **fields) -> Guest:
    guest = Guest(townhall=townhall, **fields)
    guest.full_clean()
    try:
        with transaction.atomic():
            guest.save()
    except IntegrityError:
        raise ValidationError({"email": _("This person is already a guest.")}) from None
    return guest


# --- Personal data (common.personal_data) -----------------------------------------------


def _anonymise(guests) -> None:
    """The guest stays as a count (status, table, check-in); name, address and answers go, and both links die."""
    for guest in guests.exclude(email__endswith="@" + ERASED_DOMAIN).order_by("pk"):
        Guest.objects.filter(pk=guest.pk).update(
            name="",
            email=erased_address("guest", guest.pk),
            organisation="",
            title="",
            dietary_needs="",
            rsvp_token=new_token(),
            door_code=new_token(),
        )


@transaction.atomic
def erase_guests_with_address(user) -> None:
    """The person's invitations: an answer still open gives the seat back first, then the guest is anonymised.

    A townhall that has begun keeps its counts as they were; one still ahead
    loses a guest nobody can reach any more, so their seat goes to the next guest waiting.
    """
    guests = Guest.objects.filter(email__iexact=user.email)
    for guest in guests.filter(
        status__in=[GuestStatus.ACCEPTED, GuestStatus.WAITLISTED], townhall__starts_at__gt=timezone.now()
    ).order_by("townhall_id", "pk"):
        answer_rsvp(guest=guest, attending=False, enforce_deadline=False)
    _anonymise(guests)


def forget_event_guests(event, emails: set[str]) -> None:
    _anonymise(Guest.objects.filter(townhall__event=event))
