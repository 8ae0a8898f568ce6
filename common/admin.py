from allauth.account.admin import EmailAddressAdmin, EmailConfirmationAdmin
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.socialaccount.admin import SocialAccountAdmin, SocialAppAdmin, SocialTokenAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.contrib.sites.admin import SiteAdmin
from django.contrib.sites.models import Site
from django.utils.translation import gettext_noop
from unfold.admin import ModelAdmin

# Titles of the admin's own pages, listed so that our catalogue keeps its Korean for them:
# a list is "이메일 목록", where Django's Korean reads "보기위한 1이메일 를(을) 선택".
ADMIN_TITLES = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("View %s"),
]


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
    bases = (base, ModelAdmin) if listed else (_Unlisted, base, ModelAdmin)
    admin.site.register(model, type(base.__name__, bases, {"__module__": __name__}))


_rethemed(Group, GroupAdmin)
_rethemed(Site, SiteAdmin, listed=False)
_rethemed(EmailAddress, EmailAddressAdmin)
_rethemed(EmailConfirmation, EmailConfirmationAdmin, listed=False)
_rethemed(SocialApp, SocialAppAdmin)
_rethemed(SocialAccount, SocialAccountAdmin, listed=False)
_rethemed(SocialToken, SocialTokenAdmin, listed=False)
