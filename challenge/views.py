"""The participants' pages of the challenge: the challenge, one's team, invitations, terms, data and submissions.

Every page finds the event and its challenge first (404 when either is not published) and asks the
selectors who the person is to it; every write is one service call whose refusals are shown in the
person's language.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registration.selectors import access_event, has_live_registration

from . import selectors, services
from .enums import SubmissionStatus
from .forms import FinalChoiceForm, InvitationForm, SubmissionForm, TeamForm
from .models import DataFile, Phase, TeamInvitation


def _challenge(request, event_slug: str):
    event = access_event(request.user, event_slug)
    return event, selectors.access_challenge(request.user, event)


def _own_membership(request, challenge):
    """The signed-in person's place on a team of the challenge; 404 when they have none."""
    membership = selectors.membership_of(challenge, request.user)
    if membership is None:
        raise Http404("Not on a team.")
    return membership


def _add_service_errors(form, error: ValidationError) -> None:
    form.add_error(None, error.messages)


@require_safe
def challenge_page(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    membership = selectors.membership_of(challenge, request.user)
    return render(
        request,
        "challenge/challenge.html",
        {
            "event": event,
            "challenge": challenge,
            "phases": challenge.phases.all(),
            "data_files": challenge.data_files.all(),
            "membership": membership,
            "invitations": [] if membership else selectors.open_invitations_for(challenge, request.user),
            "registered": has_live_registration(event=event, user=request.user),
            "accepted_terms": selectors.has_accepted_terms(challenge, request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    if selectors.membership_of(challenge, request.user) is not None and request.method == "GET":
        return redirect("challenge:team", event_slug=event.slug)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_team(challenge=challenge, user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your team is created. Invite your teammates by email."))
            return redirect("challenge:team", event_slug=event.slug)
    return render(
        request,
        "challenge/team_create.html",
        {
            "event": event,
            "challenge": challenge,
            "form": form,
            "registered": has_live_registration(event=event, user=request.user),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _team_page(request, event, challenge, membership, invitation_form=None, status=200):
    team = selectors.team_with_members(membership.team)
    return render(
        request,
        "challenge/team.html",
        {
            "event": event,
            "challenge": challenge,
            "team": team,
            "membership": membership,
            "is_captain": membership.role == "captain",
            "is_full": len(team.members.all()) >= challenge.max_team_size,
            "invitation_form": invitation_form or InvitationForm(),
            "accepted_terms": selectors.has_accepted_terms(challenge, request.user),
        },
        status=status,
    )


@login_required
@require_safe
def team_page(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    membership = selectors.membership_of(challenge, request.user)
    if membership is None:
        return redirect("challenge:challenge", event_slug=event.slug)
    return _team_page(request, event, challenge, membership)


@login_required
@require_POST
def team_invite(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    membership = _own_membership(request, challenge)
    if membership.role != "captain":
        return render(request, "403.html", status=403)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_member(
                team=membership.team, by=request.user, email=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("We emailed an invitation to %(email)s.") % {"email": invitation.email})
            return redirect("challenge:team", event_slug=event.slug)
    return _team_page(request, event, challenge, membership, invitation_form=form, status=400)


@login_required
@require_POST
def team_leave(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    membership = _own_membership(request, challenge)
    try:
        services.leave_team(team=membership.team, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("challenge:team", event_slug=event.slug)
    messages.success(request, _("You left the team “%(team)s”.") % {"team": membership.team.name})
    return redirect("challenge:challenge", event_slug=event.slug)


@require_http_methods(["GET", "POST"])
def invitation(request, event_slug: str, token: str):
    """The page the emailed link opens: the invited person accepts or declines, signed in with that address."""
    event, challenge = _challenge(request, event_slug)
    found = TeamInvitation.objects.select_related("team__graduate_school").filter(
        token=token, team__challenge=challenge
    )
    invitation = found.first()
    if invitation is None:
        return render(request, "challenge/invitation.html", {"event": event, "challenge": challenge}, status=404)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(
            request, "challenge/invitation.html", {"event": event, "challenge": challenge, "invitation": invitation}
        )
    addressed = selectors.addressed_to(invitation, request.user)
    errors, status = [], 200
    if request.method == "POST":
        answer = request.POST.get("answer")
        if not addressed:
            status = 403
        elif answer not in {"accept", "decline"}:
            errors, status = [_("Choose whether you join the team.")], 400
        else:
            try:
                if answer == "accept":
                    services.accept_invitation(invitation=invitation, user=request.user)
                else:
                    services.decline_invitation(invitation=invitation, user=request.user)
            except ValidationError as error:
                errors, status = error.messages, 400
            else:
                if answer == "accept":
                    messages.success(request, _("Welcome to the team “%(team)s”.") % {"team": invitation.team.name})
                    return redirect("challenge:team", event_slug=event.slug)
                messages.success(request, _("You declined the invitation."))
                return redirect("challenge:challenge", event_slug=event.slug)
        invitation.refresh_from_db()
    return render(
        request,
        "challenge/invitation.html",
        {
            "event": event,
            "challenge": challenge,
            "invitation": invitation,
            "addressed": addressed,
            "membership": selectors.membership_of(challenge, request.user),
            "errors": errors,
        },
        status=status,
    )


def _terms_page(request, event, challenge, *, errors=(), status=200):
    return render(
        request,
        "challenge/terms.html",
        {
            "event": event,
            "challenge": challenge,
            "accepted": selectors.has_accepted_terms(challenge, request.user),
            "registered": has_live_registration(event=event, user=request.user),
            "errors": list(errors),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def terms(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    if request.method == "GET":
        return _terms_page(request, event, challenge)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.POST.get("accept") != "yes":
        return _terms_page(request, event, challenge, errors=[_("Tick the box to accept the terms.")], status=400)
    try:
        services.accept_terms(challenge=challenge, user=request.user)
    except ValidationError as error:
        return _terms_page(request, event, challenge, errors=error.messages, status=403)
    messages.success(request, _("You accepted the data-use terms. The data files are yours to download."))
    return redirect(reverse("challenge:challenge", kwargs={"event_slug": event.slug}) + "#data")


@login_required
@require_safe
def data_file(request, event_slug: str, file_id: int):
    """Streams one of the challenge's data files to a person who accepted the current terms; others see the terms."""
    event, challenge = _challenge(request, event_slug)
    data = get_object_or_404(DataFile, pk=file_id, challenge=challenge)
    if not selectors.may_download(challenge, request.user):
        return _terms_page(
            request,
            event,
            challenge,
            errors=[_("Accept the data-use terms to download the data.")],
            status=403,
        )
    try:
        handle = data.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing.") from None
    # A name of the file's own (the stored name may carry the storage's suffix): "training-data.csv".
    extension = os.path.splitext(data.file.name)[1]
    filename = f"{slugify(data.title_en) or 'data'}{extension}"
    return FileResponse(handle, as_attachment=True, filename=filename)


def _submission_page(request, event, challenge, membership, form=None, final_form=None, status=200):
    team = membership.team
    phases = Phase.objects.filter(pk__in=[phase.pk for phase in selectors.open_phases(challenge)])
    submissions = selectors.team_submissions(team)
    scored = [item for item in submissions if item.status == SubmissionStatus.SCORED]
    final_phase = next((phase for phase in challenge.phases.all() if phase.is_final), None)
    final_candidates = [item for item in scored if final_phase and item.phase_id == final_phase.pk]
    if final_form is None:
        final_form = FinalChoiceForm(
            initial={"submissions": [str(item.pk) for item in final_candidates if item.is_final_choice]},
            submissions=final_candidates,
            limit=challenge.final_submissions_per_team,
        )
    return render(
        request,
        "challenge/submissions.html",
        {
            "event": event,
            "challenge": challenge,
            "team": team,
            "membership": membership,
            "may_submit": selectors.may_submit(membership),
            "phases": phases,
            "form": form or (SubmissionForm(phases=phases) if phases else None),
            "submissions": submissions,
            "in_progress": any(item.status in selectors.IN_PROGRESS for item in submissions),
            "final_phase": final_phase,
            "final_form": final_form if final_candidates else None,
            "accepted_terms": selectors.has_accepted_terms(challenge, request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def submissions(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    membership = _own_membership(request, challenge)
    if request.method == "GET":
        return _submission_page(request, event, challenge, membership)
    phases = Phase.objects.filter(pk__in=[phase.pk for phase in selectors.open_phases(challenge)])
    form = SubmissionForm(request.POST, request.FILES, phases=phases)
    if not phases:
        form.add_error(None, _("No phase is open for submissions now."))
    elif not selectors.may_submit(membership):
        form.add_error(None, _("Faculty advisers do not submit; a student of the team does."))
    elif form.is_valid():
        try:
            submission = services.submit_predictions(
                team=membership.team,
                phase=form.cleaned_data["phase"],
                user=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            if getattr(submission, "is_repeat", False):
                messages.info(
                    request,
                    _("Your team sent this same file a moment ago (%(name)s); it counts once.")
                    % {"name": submission.original_name},
                )
            else:
                messages.success(request, _("Your file is received and waits to be scored."))
            return redirect("challenge:submissions", event_slug=event.slug)
    return _submission_page(request, event, challenge, membership, form=form, status=400)


@login_required
@require_safe
def submissions_status(request, event_slug: str):
    """The team's submissions' statuses and public scores, for the page to refresh itself while some are scored."""
    _event, challenge = _challenge(request, event_slug)
    membership = _own_membership(request, challenge)
    rows = selectors.team_submissions(membership.team)
    return JsonResponse(
        {
            "in_progress": any(item.status in selectors.IN_PROGRESS for item in rows),
            "submissions": [
                {
                    "id": item.pk,
                    "status": item.status,
                    "status_label": item.get_status_display(),
                    "public_score": item.public_score,
                    "failure_reason": item.failure_message,
                }
                for item in rows
            ],
        }
    )


@login_required
@require_POST
def final_choice(request, event_slug: str):
    event, challenge = _challenge(request, event_slug)
    membership = _own_membership(request, challenge)
    final_phase = next((phase for phase in challenge.phases.all() if phase.is_final), None)
    if final_phase is None:
        raise Http404("No final phase.")
    candidates = [
        item
        for item in selectors.team_submissions(membership.team)
        if item.phase_id == final_phase.pk and item.status == SubmissionStatus.SCORED
    ]
    form = FinalChoiceForm(request.POST, submissions=candidates, limit=challenge.final_submissions_per_team)
    if not selectors.may_submit(membership):
        form.add_error(None, _("Faculty advisers do not choose; a student of the team does."))
    elif form.is_valid():
        try:
            services.choose_final_submissions(
                team=membership.team,
                phase=final_phase,
                submission_ids=form.cleaned_data["submissions"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your final submissions are saved."))
            return redirect("challenge:submissions", event_slug=event.slug)
    return _submission_page(request, event, challenge, membership, final_form=form, status=400)
