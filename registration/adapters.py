import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language

from common.http import client_ip
from common.outbox import queue_email


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The language the person signed up in is the one their emails use.
        user.preferred_language = _language()
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request):
        """Rate limits key on the client's address as the trusted proxies report it (TRUSTED_PROXY_COUNT)."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """Account emails (verification, password reset) go through the outbox like every other."""
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        queue_email(
            kind=f"account:{template_prefix.rsplit('/', 1)[-1]}",
            recipient=email,
            object_key=uuid.uuid4().hex,  # each request for a link is a message of its own
            language=_language(),
            subject=message.subject,
            text_body=message.body,
            html_body=html,
        )
