import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404
from django.utils.translation import get_language

from common.http import client_ip
from events.selectors import event_for_request
from mail.outbox import queue_email


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

    def format_email_subject(self, subject: str) -> str:
        return f"[{get_current_site(self.request).name}] {subject}"

    def send_mail(self, template_prefix, email, context):
        """Account emails (verification, password reset) go through the outbox like every other.

        They carry links that sign a person in or set their password, so the
        outbox keeps them secret: no one reads their bodies in the admin, and
        the bodies are erased once the message has left.
        """
        request = self.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_url": settings.SITE_URL,
            "event": event_for_request(request),
            **context,
        }
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
            secret=True,
        )


class ProviderNotConfigured(SocialApp.DoesNotExist, Http404):
    """Still a SocialApp.DoesNotExist for allauth's own callers; a 404 for Django's handler."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        """A provider nobody has configured is a page that does not exist, not a server error."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise ProviderNotConfigured(provider) from None
