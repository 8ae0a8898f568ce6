from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_tables2 import RequestConfig

from common.api import HTML, Component, json_endpoint
from common.booth_panels import BoothRef, booth_panels
from common.exports import export_response, requested_format
from common.input import JsonInputError, clean_text, parse_int, read_json
from common.scanner_page import render_scanner
from common.scanning import MALFORMED
from events.enums import Area
from events.rules import may_work_on
from registration.selectors import access_event, has_live_registration

from . import services
from .directory import directory_grid
from .enums import StaffRole
from .filters import BoothFilter, LeadFilter
from .models import ConsultationBooking, ConsultationSlot, DeviceToken, Visit
from .selectors import (
    access_booth_as_staff,
    access_published_booth,
    access_visit,
    booking_agreement_label,
    booth_bookings,
    booths_staffed_by,
    booths_visited_by,
    consenting_visitors,
    dashboard,
    dashboard_table,
    directory_booths,
    lead_tags_for,
    lead_visits,
    leads_table,
    open_slots_by_day,
    visitor_card,
)
from .tables import LEADS_PER_PAGE, LeadTable

# What the leads list keeps in its address: the filter, the order and the page.
LEAD_LIST_PARAMETERS = ("q", "day", "rating", "sort", "page")


def _my_bookings(request, event) -> list[ConsultationBooking]:
    if not request.user.is_authenticated:
        return []
    return list(
        ConsultationBooking.objects.filter(user=request.user, is_cancelled=False, slot__booth__event=event)
        .select_related("slot__booth")
        .order_by("starts_at")
    )


@require_safe
def directory(request, event_slug: str):
    event = access_event(request.user, event_slug)
    booth_filter = BoothFilter(request.GET or None, queryset=directory_booths(event, now=timezone.now()), event=event)
    return render(
        request,
        "booths/directory.html",
        {
            "event": event,
            "grid": directory_grid(event=event, booth_filter=booth_filter),
            "filter": booth_filter,
            "my_booths": booths_staffed_by(request.user, event),
            "visited": booths_visited_by(request.user, event) if request.user.is_authenticated else [],
            "my_bookings": _my_bookings(request, event),
        },
    )


@require_safe
def booth_detail(request, event_slug: str, booth_id: int):
    """A booth's page: what it shows, whom it hires, and its consultation slots by day, booked from a chip."""
    event = access_event(request.user, event_slug)
    booth = access_published_booth(event, booth_id)
    my_booking = next((b for b in _my_bookings(request, event) if b.slot.booth_id == booth.pk), None)
    return render(
        request,
        "booths/booth.html",
        {
            "event": event,
            "booth": booth,
            "slot_days": open_slots_by_day(booth, now=timezone.now()),
            "my_booking": my_booking,
            "booking_agreement": booking_agreement_label(booth),
            "is_registered": has_live_registration(event=event, user=request.user),
        },
    )


@login_required
@require_POST
def book_slot(request, event_slug: str, slot_id: int):
    event = access_event(request.user, event_slug)
    slot = ConsultationSlot.objects.filter(pk=slot_id, booth__event=event, booth__is_published=True).first()
    if slot is None:
        raise Http404("No such slot.")
    move_from = parse_int(request.POST.get("move_from", ""), minimum=1)
    agrees = request.POST.get("share_name") == "yes"
    try:
        if move_from is not None:
            booking = ConsultationBooking.objects.filter(
                pk=move_from, user=request.user, is_cancelled=False, slot__booth__event=event
            ).first()
            if booking is None:
                raise Http404("No such booking.")
            services.move_consultation(booking=booking, to_slot=slot, agrees_to_share_name=agrees)
        else:
            services.book_consultation(user=request.user, slot=slot, agrees_to_share_name=agrees)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your consultation is booked."))
    return redirect("booths:booth", event_slug=event.slug, booth_id=slot.booth_id)


@login_required
@require_POST
def cancel_booking(request, event_slug: str, booking_id: int):
    event = access_event(request.user, event_slug)
    booking = ConsultationBooking.objects.filter(pk=booking_id, user=request.user, slot__booth__event=event).first()
    if booking is None:
        raise Http404("No such booking.")
    services.cancel_consultation(booking=booking)
    messages.success(request, _("Your consultation is cancelled."))
    return redirect("booths:directory", event_slug=event.slug)


# --- Booth staff ----------------------------------------------------------------------


@login_required
@require_safe
def scanner(request, event_slug: str, booth_id: int):
    event = access_event(request.user, event_slug)
    booth, _role = access_booth_as_staff(request.user, booth_id, event=event)
    return render_scanner(
        request,
        event=event,
        title=f"{booth.number} · {booth.name}",
        action=_("Record visit"),
        endpoint=reverse("api-record-visit", args=[booth.pk]),
        storage_key=f"booth-{booth.pk}",
        back_url=reverse("booths:leads", args=[event.slug, booth.pk]),
        back_label=_("Visits and leads"),
        lead_endpoint=reverse("booths:scan-lead", args=[event.slug, booth.pk, 0]).replace("/0/", "/{visit}/"),
        lead_tags=lead_tags_for(booth),
    )


MAX_LEAD_TAGS = 20


def _lead_changes(data) -> tuple[dict, dict]:
    """The fields of one post-scan change, checked: (clean values, errors by field)."""
    if not isinstance(data, dict):
        return {}, {"body": _("Send a JSON object.")}
    clean: dict = {}
    errors: dict[str, str] = {}
    if "rating" in data:
        rating = data["rating"]
        if rating is None:
            clean["rating"] = None
        elif isinstance(rating, int) and not isinstance(rating, bool) and 1 <= rating <= 5:
            clean["rating"] = rating
        else:
            errors["rating"] = _("The rating is a whole number from 1 to 5, or null.")
    if "note" in data:
        if isinstance(data["note"], str):
            clean["note"] = clean_text(data["note"])
        else:
            errors["note"] = _("The note is text.")
    for field in ("add_tags", "remove_tags"):
        if field not in data:
            continue
        tags = data[field]
        if (
            not isinstance(tags, list)
            or len(tags) > MAX_LEAD_TAGS
            or not all(isinstance(tag, str) and tag.strip() for tag in tags)
        ):
            errors[field] = _("Tags are a list of at most %(count)s texts.") % {"count": MAX_LEAD_TAGS}
        else:
            clean[field] = [clean_text(tag) for tag in tags]
    if not clean and not errors:
        errors["body"] = _("Send a rating, a note or tags.")
    return clean, errors


LEAD = Component(
    "Lead",
    {
        "type": "object",
        "required": ["status", "lead"],
        "properties": {
            "status": {"type": "string", "enum": ["lead", "saved"]},
            "lead": {
                "type": "object",
                "required": ["visit", "rating", "note", "tags"],
                "properties": {
                    "visit": {"type": "integer"},
                    "rating": {"type": "integer", "minimum": 1, "maximum": 5, "nullable": True},
                    "note": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
)
LEAD_CHANGES = {
    "type": "object",
    "description": "Only the fields given change; a tag added or removed leaves the others.",
    "properties": {
        "rating": {"type": "integer", "minimum": 1, "maximum": 5, "nullable": True},
        "note": {"type": "string"},
        "add_tags": {"type": "array", "items": {"type": "string"}},
        "remove_tags": {"type": "array", "items": {"type": "string"}},
    },
}
LEAD_REFUSALS = {
    302: ("Not signed in: to the sign-in page",),
    404: ("Not staff of this booth, or no such visit at it", None, HTML),
    405: ("Only GET and POST are allowed",),
}


@json_endpoint(
    "get",
    summary="The rating, note and tags of a visit just scanned",
    responses={200: ("The visit's lead", LEAD), **LEAD_REFUSALS},
    security=("session",),
    tags=("scanning",),
)
@json_endpoint(
    "post",
    summary="Rate, note or tag a visit just scanned",
    request=LEAD_CHANGES,
    responses={
        200: ("Saved: the visit's lead as it is now", LEAD),
        400: ("Malformed: `errors` names the fields, or the body is not JSON", MALFORMED),
        403: ("The CSRF token is missing or wrong", None, HTML),
        413: ("The body is larger than 64 KB", MALFORMED),
        415: ("The body is not declared as application/json", MALFORMED),
        **LEAD_REFUSALS,
    },
    security=("session",),
    tags=("scanning",),
)
@login_required
@require_http_methods(["GET", "POST"])
def scan_lead(request, event_slug: str, booth_id: int, visit_id: int):
    """The scanner's post-scan panel: the rating, note and tags of a visit, as JSON, for that booth's staff."""
    event = access_event(request.user, event_slug)
    booth, _role = access_booth_as_staff(request.user, booth_id, event=event)
    visit = access_visit(request.user, visit_id)
    if visit.booth_id != booth.pk:
        raise Http404("No such visit.")
    if request.method == "POST":
        try:
            clean, errors = _lead_changes(read_json(request))
        except JsonInputError as error:
            return error.response()
        if errors:
            return JsonResponse(
                {"status": "malformed", "message": " ".join(errors.values()), "errors": errors}, status=400
            )
        try:
            visit = services.annotate_lead(visit=visit, **clean)
        except ValidationError as error:
            return JsonResponse({"status": "malformed", "message": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {
            "status": "saved" if request.method == "POST" else "lead",
            "lead": {"visit": visit.pk, "rating": visit.rating, "note": visit.note, "tags": visit.tags},
        }
    )


def _lead_tabs(role: str) -> list[tuple[str, str]]:
    tabs = [("visits", _("Visits")), ("consultations", _("Consultations"))]
    return tabs + ([("devices", _("Scanner devices"))] if role == StaffRole.MANAGER else [])


def _list_query(query: QueryDict) -> str:
    """The leads list's own parameters out of a query string (the way back from a visit), re-encoded."""
    kept = QueryDict(mutable=True)
    for key in LEAD_LIST_PARAMETERS:
        if query.get(key):
            kept[key] = query[key][:200]
    return kept.urlencode()


def _leads_url(event, booth_id: int, query: str = "") -> str:
    url = reverse("booths:leads", kwargs={"event_slug": event.slug, "booth_id": booth_id})
    return f"{url}?{query}" if query else url


@login_required
@require_safe
def leads(request, event_slug: str, booth_id: int):
    event = access_event(request.user, event_slug)
    booth, role = access_booth_as_staff(request.user, booth_id, event=event)
    # What other apps show this booth's staff (the challenge's talent pool, for its data provider's booth).
    ref = BoothRef(
        booth_id=booth.pk, event_id=event.pk, company_ids=frozenset(booth.companies.values_list("pk", flat=True))
    )
    panels = {panel.key: panel for panel in booth_panels(ref, request.user)}
    tabs = _lead_tabs(role) + [(key, panel.title) for key, panel in panels.items()]
    tab = request.GET.get("tab") if request.GET.get("tab") in dict(tabs) else "visits"
    context = {"event": event, "booth": booth, "role": role, "tabs": tabs, "tab": tab}
    if tab in panels:
        panel = panels[tab]
        context |= {"panel": panel, "panel_rows": [list(zip(panel.columns, row, strict=False)) for row in panel.rows]}
    if tab == "visits":
        consenting = consenting_visitors(booth)
        lead_filter = LeadFilter(request.GET, queryset=lead_visits(booth), booth=booth, consenting=consenting)
        table = LeadTable(lead_filter.qs, event_slug=event.slug, consenting=consenting, back=_list_query(request.GET))
        RequestConfig(request, paginate=False).configure(table)
        paginator = Paginator(table.rows, LEADS_PER_PAGE)
        page = paginator.get_page(parse_int(request.GET.get("page", ""), minimum=1) or 1)
        table.paginate(page=page.number, per_page=LEADS_PER_PAGE)
        filter_query = QueryDict(mutable=True)
        for key in ("q", "day", "rating"):
            if request.GET.get(key):
                filter_query[key] = request.GET[key]
        context |= {
            "filter": lead_filter,
            "table": table,
            "visit_count": Visit.objects.filter(booth=booth).count(),
            "export_query": filter_query.urlencode(),
            "is_filtered": bool(filter_query),
        }
    elif tab == "consultations":
        context["bookings"] = booth_bookings(booth)
    elif tab not in panels:
        context["devices"] = DeviceToken.objects.filter(booth=booth, revoked_at__isnull=True)
    return render(request, "booths/leads.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_lead(request, event_slug: str, visit_id: int):
    event = access_event(request.user, event_slug)
    visit = access_visit(request.user, visit_id)
    if visit.booth.event_id != event.pk:
        raise Http404("No such visit.")
    data = request.POST if request.method == "POST" else request.GET
    back = _list_query(QueryDict(data.get("back", "")))
    if request.method == "POST":
        try:
            services.update_lead(
                visit=visit,
                note=request.POST.get("note", ""),
                rating=parse_int(request.POST.get("rating", "")),
                tags=request.POST.get("tags", "").split(","),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            edit_url = reverse("booths:edit-lead", kwargs={"event_slug": event.slug, "visit_id": visit.pk})
            return redirect(f"{edit_url}?{urlencode({'back': back})}" if back else edit_url)
        messages.success(request, _("Saved."))
        return redirect(_leads_url(event, visit.booth_id, back))
    card = visitor_card(visit, consented=visit.registration.user_id in consenting_visitors(visit.booth))
    return render(
        request,
        "booths/lead_edit.html",
        {
            "event": event,
            "booth": visit.booth,
            "visit": visit,
            "card": card,
            "back": back,
            "back_url": _leads_url(event, visit.booth_id, back),
        },
    )


@login_required
@require_safe
def export_leads(request, event_slug: str, booth_id: int, file_format: str = "csv"):
    """Managers' export of their booth's leads: contact details only where the visitor consents today."""
    event = access_event(request.user, event_slug)
    booth, _role = access_booth_as_staff(request.user, booth_id, event=event, manager=True)
    # The list's filter, when the link carries one: the export holds what the manager was looking at.
    lead_filter = LeadFilter(
        request.GET, queryset=lead_visits(booth), booth=booth, consenting=consenting_visitors(booth)
    )
    return export_response(
        leads_table(booth, lead_filter.qs),
        file_format,
        actor=request.user,
        event=event,
        subject=booth,
        kind="booth_leads",
    )


@login_required
@require_POST
def create_device(request, event_slug: str, booth_id: int):
    event = access_event(request.user, event_slug)
    booth, _role = access_booth_as_staff(request.user, booth_id, event=event, manager=True)
    token, device = services.create_device_token(
        booth=booth, name=request.POST.get("name", ""), created_by=request.user
    )
    return render(
        request, "booths/device_created.html", {"event": event, "booth": booth, "device": device, "token": token}
    )


@login_required
@require_POST
def revoke_device(request, event_slug: str, booth_id: int, device_id: int):
    event = access_event(request.user, event_slug)
    booth, _role = access_booth_as_staff(request.user, booth_id, event=event, manager=True)
    device = DeviceToken.objects.filter(pk=device_id, booth=booth).first()
    if device is None:
        raise Http404("No such device.")
    services.revoke_device_token(device=device)
    messages.success(request, _("The device can no longer scan."))
    return redirect(_leads_url(event, booth.pk, "tab=devices"))


@login_required
@require_POST
def mark_attendance(request, event_slug: str, booking_id: int):
    event = access_event(request.user, event_slug)
    booking = ConsultationBooking.objects.select_related("slot__booth").filter(pk=booking_id).first()
    if booking is None or booking.slot.booth.event_id != event.pk:
        raise Http404("No such booking.")
    access_booth_as_staff(request.user, booking.slot.booth_id, event=event)
    services.mark_attendance(booking=booking, attended=request.POST.get("attended") == "yes")
    return redirect(_leads_url(event, booking.slot.booth_id, "tab=consultations"))


@staff_member_required
@require_safe
def organiser_dashboard(request, event_slug: str):
    event = access_event(request.user, event_slug)
    if not may_work_on(request.user, event, Area.BOOTHS):
        raise PermissionDenied
    figures = dashboard(event)
    if "format" in request.GET:
        return export_response(
            dashboard_table(event, figures),
            requested_format(request),
            actor=request.user,
            event=event,
            kind="booth_dashboard",
        )
    return render(request, "booths/dashboard.html", {"event": event, **figures})
