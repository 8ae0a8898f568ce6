from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ContentSecurityPolicyMiddleware:
    """Sends the site's Content-Security-Policy: no inline script or style anywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/admin/"):
            # Django's admin widgets set a few style attributes; its scripts stay external.
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response


class LanguageMiddleware:
    """Korean unless the person chose otherwise.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    the symposium is Korean first, and a person switches to English with the
    switcher (a cookie) or by their account's preferred language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in self.available:
            user = getattr(request, "user", None)
            chosen = getattr(user, "preferred_language", None) if user and user.is_authenticated else None
        if chosen not in self.available:
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", chosen)
        return response

    available = frozenset(code for code, _name in settings.LANGUAGES)
