from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.api import json_endpoint
from common.desk import render_desk
from common.input import safe_next_url
from common.personal_data import export_person
from events.models import Organization
from events.selectors import exhibitor_names, get_current_event, partners_by_role
from mail.forms import ReminderPreferencesForm
from people import services as people_services
from people.selectors import consents_to_ask_again, get_attendee_profile

from . import services
from .apps import ENTRANCE
from .badges import badge_qr_svg
from .enums import DayStatus
from .forms import ConsentForm, DaysForm, OptionalConsentsForm, ProfileForm, error_summary
from .selectors import (
    access_event,
    last_cancelled_registration_for,
    live_registration_for,
    live_registrations_of,
    may_check_in,
    seats_left_by_day,
)


@require_safe
def current_event_redirect(request):
    event = get_current_event()
    if event is None:
        return render(request, "registration/no_event.html", status=200)
    return redirect("registration:event-home", event_slug=event.slug)


@require_safe
def event_home(request, event_slug: str):
    event = access_event(request.user, event_slug)
    return render(
        request,
        "registration/event_home.html",
        {"event": event, "partner_groups": partners_by_role(event)},
    )


def _organisation_names() -> list[str]:
    return list(Organization.objects.filter(is_verified=True).order_by("name_ko").values_list("name_ko", flat=True))


def _apply_service_error(error: ValidationError, forms: list) -> None:
    """Puts a service's validation errors next to the fields they name, or on top of the page."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            target = next((form for form in forms if field in form.fields), forms[0])
            target.add_error(field if field in target.fields else None, field_errors)
    else:
        forms[0].add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
def event_register(request, event_slug: str):
    event = access_event(request.user, event_slug)
    if not request.user.is_authenticated:
        return render(request, "registration/register_sign_in.html", {"event": event})
    if live_registration_for(event=event, user=request.user):
        return redirect("registration:my-registration", event_slug=event.slug)

    profile = get_attendee_profile(request.user)
    exhibitors = exhibitor_names(event)
    is_open = event.registration_is_open()
    # This event's own answers only: consents for another edition named other companies.
    consent_initial = consents_to_ask_again(request.user, event=event)
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileForm(data, profile=profile, prefix="profile")
    reminder_form = ReminderPreferencesForm(data, user=request.user, prefix="reminders")
    consent_form = ConsentForm(data, initial=consent_initial, exhibitors=exhibitors, prefix="consent")
    days_form = DaysForm(data, event=event, days_left=seats_left_by_day(event), prefix="days")

    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Registration for this event is closed."))
            return redirect("registration:register", event_slug=event.slug)
        forms = [profile_form, reminder_form, consent_form, days_form]
        if all(form.is_valid() for form in forms):
            try:
                with transaction.atomic():
                    services.save_attendee_profile(
                        user=request.user, **profile_form.service_arguments(), reminders=reminder_form.choices()
                    )
                    people_services.record_consents(user=request.user, event=event, choices=consent_form.choices())
                    services.register_attendee(event=event, user=request.user, dates=days_form.chosen_dates())
            except ValidationError as error:
                _apply_service_error(error, forms)
            else:
                messages.success(request, _("You are registered. Your confirmation is on its way by email."))
                return redirect("registration:my-registration", event_slug=event.slug)

    return render(
        request,
        "registration/register.html",
        {
            "event": event,
            "is_open": is_open,
            "profile_form": profile_form,
            "reminder_form": reminder_form,
            "consent_form": consent_form,
            "days_form": days_form,
            "error_summary": error_summary(profile_form, days_form, consent_form),
            "organisation_names": _organisation_names(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_registration(request, event_slug: str):
    """The attendee's page for one event: days, badge, and the optional consents given for this event."""
    event = access_event(request.user, event_slug)
    registration = live_registration_for(event=event, user=request.user)
    data = request.POST if request.method == "POST" and registration else None
    consent_form = OptionalConsentsForm(
        data,
        initial=consents_to_ask_again(request.user, event=event),
        exhibitors=exhibitor_names(event),
        prefix="consent",
    )
    if data is not None and consent_form.is_valid():
        people_services.record_consents(user=request.user, event=event, choices=consent_form.choices())
        messages.success(request, _("Your consents for this event are saved."))
        return redirect("registration:my-registration", event_slug=event.slug)
    has_confirmed_day = bool(
        registration and any(entry.status == DayStatus.CONFIRMED for entry in registration.day_entries)
    )
    return render(
        request,
        "registration/my_registration.html",
        {
            "event": event,
            "registration": registration,
            "profile": get_attendee_profile(request.user),
            "has_confirmed_day": has_confirmed_day,
            "cancelled_registration": (
                None if registration else last_cancelled_registration_for(event=event, user=request.user)
            ),
            "registration_is_open": event.registration_is_open(),
            "qr_svg": badge_qr_svg(registration.badge_code) if has_confirmed_day else None,
            "consent_form": consent_form,
        },
    )


@login_required
@require_safe
def my_badge(request, event_slug: str):
    """The attendee's own badge, ready to print."""
    event = access_event(request.user, event_slug)
    registration = live_registration_for(event=event, user=request.user)
    if registration is None or not any(entry.status == DayStatus.CONFIRMED for entry in registration.day_entries):
        messages.error(request, _("You have no confirmed day, so there is no badge to print yet."))
        return redirect("registration:my-registration", event_slug=event.slug)
    badge = {
        "registration": registration,
        "profile": get_attendee_profile(request.user),
        "qr_svg": badge_qr_svg(registration.badge_code),
    }
    back_url = reverse("registration:my-registration", kwargs={"event_slug": event.slug})
    return render(
        request,
        "registration/badges_print.html",
        {"event": event, "badges": [badge], "size": "a6", "back_url": back_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_my_registration(request, event_slug: str):
    event = access_event(request.user, event_slug)
    registration = live_registration_for(event=event, user=request.user)
    if registration is None:
        messages.info(request, _("You have no registration to cancel."))
        return redirect("registration:my-registration", event_slug=event.slug)
    if request.method == "POST":
        services.cancel_registration(registration=registration)
        messages.success(request, _("Your registration is cancelled. Your seat goes to the next person waiting."))
        return redirect("registration:my-registration", event_slug=event.slug)
    return render(request, "registration/cancel_confirm.html", {"event": event, "registration": registration})


# --- The person's account, across events ----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile = get_attendee_profile(request.user)
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileForm(data, profile=profile, prefix="profile")
    reminder_form = ReminderPreferencesForm(data, user=request.user, prefix="reminders")
    if request.method == "POST" and profile_form.is_valid() and reminder_form.is_valid():
        try:
            services.save_attendee_profile(
                user=request.user, **profile_form.service_arguments(), reminders=reminder_form.choices()
            )
        except ValidationError as error:
            _apply_service_error(error, [profile_form])
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("account-profile")
    return render(
        request,
        "registration/profile.html",
        {
            "profile_form": profile_form,
            "reminder_form": reminder_form,
            "registrations": live_registrations_of(request.user),
            "organisation_names": _organisation_names(),
        },
    )


@json_endpoint(
    "get",
    summary="Everything the site holds about the signed-in person",
    responses={
        200: ("One section per kind of data, as a file to download", {"type": "object"}),
        302: ("Not signed in: to the sign-in page",),
    },
    security=("session",),
    tags=("account",),
)
@login_required
@require_safe
def export_my_data(request):
    response = JsonResponse(export_person(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="symposium-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request):
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that you want to delete your account."))
            return redirect("account-delete")
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Your account and personal data are deleted."))
        return redirect("home")
    return render(request, "registration/delete_account.html")


@require_safe
def switch_language(request, code: str):
    """A plain link switches the language, so pages carry no form and stay cacheable."""
    response = HttpResponseRedirect(safe_next_url(request, request.GET.get("next", "/"), "/"))
    if code in {language for language, _name in settings.LANGUAGES}:
        services.set_preferred_language(user=request.user, language=code)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 60 * 60,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=False,
        )
    return response


@login_required
@require_safe
def entrance_scanner(request, event_slug: str):
    """The entrance desk: the shared scanner, for organisers and people with the entrance role."""
    event = access_event(request.user, event_slug)
    if not may_check_in(request.user, event):
        raise Http404("No such page.")
    return render_desk(
        request,
        point=ENTRANCE,
        event=event,
        action=_("Check in"),
        endpoint=reverse("api-entrance", args=[event.slug]),
        search_url=reverse("api-entrance-people", args=[event.slug]),
        count_url=reverse("api-entrance-count", args=[event.slug]),
        search_label=_("Find a person by name or email"),
    )
