from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The language the person signed up in is the one their emails use.
        user.preferred_language = "en" if (get_language() or "ko").startswith("en") else "ko"
        return super().save_user(request, user, form, commit=commit)
