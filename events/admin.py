from allauth.account.admin import EmailAddressAdmin, EmailConfirmationAdmin
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.socialaccount.admin import SocialAccountAdmin, SocialAppAdmin, SocialTokenAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.contrib.sites.admin import SiteAdmin
from django.contrib.sites.models import Site
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from . import services
from .admin_scoping import EventScopedAdmin
from .enums import Area
from .models import Organiser, Team, TeamInvitation, TeamMembership


class TeamMembershipInline(EventScopedAdmin, TabularInline):
    model = TeamMembership
    extra = 0
    fields = ["user", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]


class TeamInvitationInline(EventScopedAdmin, TabularInline):
    model = TeamInvitation
    extra = 1
    fields = ["email", "language", "created_at", "invited_by", "accepted_at"]
    readonly_fields = ["created_at", "invited_by", "accepted_at"]


class TeamForm(forms.ModelForm):
    areas = forms.TypedMultipleChoiceField(
        label=_("permissions"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Team
        fields = ["organiser", "name_ko", "name_en", "all_events", "events", "areas"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A saved team offers only its organiser's events (a new one, before its organiser is chosen, all of them).
        if self.instance.pk and "events" in self.fields:
            self.fields["events"].queryset = self.fields["events"].queryset.filter(organiser=self.instance.organiser)

    def clean(self):
        cleaned = super().clean()
        organiser, events = cleaned.get("organiser"), cleaned.get("events")
        if organiser and events:
            others = [str(event) for event in events if event.organiser_id != organiser.pk]
            if others:
                self.add_error(
                    "events",
                    _("These events are not the organiser's: %(events)s") % {"events": ", ".join(others)},
                )
        return cleaned


@admin.register(Organiser)
class OrganiserAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["name_ko", "name_en"]
    search_fields = ["name_ko", "name_en"]


@admin.register(Team)
class TeamAdmin(EventScopedAdmin, ModelAdmin):
    form = TeamForm
    list_display = ["name_ko", "name_en", "organiser", "all_events", "area_list"]
    list_filter = ["organiser"]
    search_fields = ["name_ko", "name_en"]
    filter_horizontal = ["events"]
    inlines = [TeamMembershipInline, TeamInvitationInline]

    @admin.display(description=_("permissions"))
    def area_list(self, team):
        labels = dict(Area.choices)
        return ", ".join(str(labels[area]) for area in team.areas) or "—"

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is TeamInvitation:
            for invitation in form.instance.invitations.filter(accepted_at__isnull=True):
                services.invite_to_team(
                    team=form.instance, email=invitation.email, language=invitation.language, invited_by=request.user
                )
        if formset.model is TeamMembership:
            for membership in formset.new_objects:
                services.add_member(team=form.instance, user=membership.user)


@admin.register(TeamInvitation)
class TeamInvitationAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["email", "team", "language", "created_at", "accepted_at"]
    list_filter = ["team__organiser", "team", "language"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "invited_by", "accepted_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.invite_to_team(team=obj.team, email=obj.email, language=obj.language, invited_by=request.user)


# Django's and allauth's own admin classes, in the admin's theme and scoped like ours (a team member is refused
# them, never sent round in a redirect). Sites, social accounts and their
# tokens are kept off the index and the sidebar (their pages still answer to those with the rights):
# organisers manage sign-in providers under "Social applications", which names its site itself.
class _Unlisted:
    def has_module_permission(self, request):
        return False


def _rethemed(model, base, *, listed: bool = True):
    if not admin.site.is_registered(model):
        return
    admin.site.unregister(model)
    bases = (EventScopedAdmin, base, ModelAdmin) if listed else (_Unlisted, EventScopedAdmin, base, ModelAdmin)
    admin.site.register(model, type(base.__name__, bases, {"__module__": __name__}))


_rethemed(Group, GroupAdmin)
_rethemed(Site, SiteAdmin, listed=False)
_rethemed(EmailAddress, EmailAddressAdmin)
_rethemed(EmailConfirmation, EmailConfirmationAdmin, listed=False)
_rethemed(SocialApp, SocialAppAdmin)
_rethemed(SocialAccount, SocialAccountAdmin, listed=False)
_rethemed(SocialToken, SocialTokenAdmin, listed=False)
