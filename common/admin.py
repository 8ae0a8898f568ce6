from allauth.account.admin import EmailAddressAdmin, EmailConfirmationAdmin
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.socialaccount.admin import SocialAccountAdmin, SocialAppAdmin, SocialTokenAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.contrib.sites.admin import SiteAdmin
from django.contrib.sites.models import Site
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from unfold.admin import ModelAdmin
from unfold.decorators import display

from events.admin_scoping import EventScopedAdmin

from . import outbox
from .admin_display import EMAIL_STATUS_TONES, short_datetime
from .email_kinds import email_kind_label, email_kinds
from .models import EmailStatus, OutboundEmail

# Titles of the admin's own pages, listed so that our catalogue keeps its Korean for them:
# a list is "이메일 목록", where Django's Korean reads "보기위한 1이메일 를(을) 선택".
ADMIN_TITLES = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("View %s"),
]

# What a message says, and its headers (which hold one-click unsubscribe links).
BODY_FIELDS = {"text_body", "html_body", "attachments", "headers"}


class EmailKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return email_kinds()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(OutboundEmail)
class OutboundEmailAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["queued", "kind_label", "recipient", "subject", "status_label", "sent", "last_error"]
    list_filter = ["status", EmailKindFilter, "language", "essential"]
    search_fields = ["recipient", "subject", "object_key"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields] + ["kind_label", "body_withheld"]
    actions = ["resend"]
    date_hierarchy = "created_at"
    list_per_page = 100
    list_before_template = "admin/common/outboundemail/status_counts.html"

    @admin.display(description=_("queued at"), ordering="created_at")
    def queued(self, obj):
        return short_datetime(obj.created_at)

    @admin.display(description=_("sent at"), ordering="sent_at")
    def sent(self, obj):
        return short_datetime(obj.sent_at)

    @display(
        description=_("status"),
        ordering="status",
        label=EMAIL_STATUS_TONES,
    )
    def status_label(self, obj):
        return obj.status, obj.get_status_display()

    def may_read_bodies(self, request, obj=None) -> bool:
        """Texts carry personal links; only superusers and holders of the explicit permission read them,
        and nobody reads a secret one (a sign-in or password link)."""
        if obj is not None and obj.secret:
            return False
        return request.user.is_superuser or request.user.has_perm("common.view_email_bodies")

    def get_fields(self, request, obj=None):
        fields = [
            "kind_label" if name == "kind" else name
            for name in super().get_fields(request, obj)
            if name not in {"body_withheld", "kind_label"}
        ]
        if self.may_read_bodies(request, obj):
            return fields
        return [name for name in fields if name not in BODY_FIELDS] + ["body_withheld"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return email_kind_label(obj.kind)

    @admin.display(description=_("text"))
    def body_withheld(self, obj):
        if obj.secret:
            return _("Not shown: it holds a link only its recipient may use. It is erased once sent.")
        return _("Not shown: reading the text of emails needs the permission to do so.")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        counts = dict(
            OutboundEmail.objects.values_list("status").annotate(count=Count("id")).values_list("status", "count")
        )
        extra_context = {
            **(extra_context or {}),
            "status_counts": [(label, counts.get(value, 0)) for value, label in EmailStatus.choices],
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Send the selected messages again"), permissions=["view"])
    def resend(self, request, queryset):
        count = outbox.resend(emails=queryset)
        self.message_user(request, _("%(count)d messages queued again.") % {"count": count})


# Django's and allauth's own admin classes, in the admin's theme. Sites, social accounts and their
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
