from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation.trans_real import parse_accept_lang_header

from .input import CONTROL_CHARACTERS, clean_text, has_control_characters


class ContentSecurityPolicyMiddleware:
    """Sends the site's Content-Security-Policy: no inline script or style anywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/admin/"):
            # The admin's theme (django-unfold) sets style attributes and evaluates its Alpine.js
            # attributes (x-data, x-show) with Function(); its scripts themselves stay external.
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            policy = policy.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response


class LanguageMiddleware:
    """Picks the language of each response, Korean unless something says otherwise.

    In order: a `?lang=ko|en` in the address (the alternates pages announce with
    hreflang, and what feed and calendar subscriptions ask for; it chooses this
    one response and is not remembered), the switcher's cookie, a signed-in
    person's saved preference, the browser's Accept-Language, and Korean when
    none of these names a language the site has.
    """

    QUERY_PARAMETER = "lang"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = self.chosen(request)
        before = translation.get_language()
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        response.headers.setdefault("Content-Language", chosen)
        # The thread's language goes back once the response is done (streamed exports included),
        # so whatever runs next in this thread (a test, a task run eagerly) is not left in this one.
        response._resource_closers.append(lambda: translation.activate(before) if before else translation.deactivate())
        return response

    def chosen(self, request) -> str:
        asked = request.GET.get(self.QUERY_PARAMETER)
        if asked in self.available:
            return asked
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in self.available:
            return chosen
        user = getattr(request, "user", None)
        chosen = getattr(user, "preferred_language", None) if user and user.is_authenticated else None
        if chosen in self.available:
            return chosen
        return self.from_browser(request.headers.get("Accept-Language", ""))

    @classmethod
    def from_browser(cls, header: str) -> str:
        """The first language of Accept-Language the site has (`en-US` is English), else Korean."""
        for tag, _quality in parse_accept_lang_header(header[:500]):
            primary = tag.split("-")[0].lower()
            if primary in cls.available:
                return primary
        return settings.LANGUAGE_CODE

    available = frozenset(code for code, _name in settings.LANGUAGES)


class InputMiddleware:
    """One place that cleans what arrives as text: the path, the query string and form fields.

    A path (and so a token in it) with NUL or another control character answers
    a plain 400 page in the person's language. Query-string and form values lose
    such characters, which nobody types and PostgreSQL refuses to store. JSON
    bodies are read by `common.input.read_json`.
    """

    FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path):
            return render(request, "400.html", {"reason": self.path_reason()}, status=400)
        request.GET = self.cleaned(request.GET)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            request.POST = self.cleaned(request.POST)
        return None

    @staticmethod
    def path_reason() -> str:
        return gettext("The address contains characters that do not belong in a web address.")

    @staticmethod
    def cleaned(query):
        if not any(CONTROL_CHARACTERS.search(key + "".join(values)) for key, values in query.lists()):
            return query
        copy = query.copy()
        copy.clear()
        for key, values in query.lists():
            copy.setlist(clean_text(key), [clean_text(value) for value in values])
        copy._mutable = False
        return copy
