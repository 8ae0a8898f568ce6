"""Addresses of the current page in each of the site's languages."""

from django import template
from django.conf import settings

from common.middleware import LanguageMiddleware

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[tuple[str, str]]:
    """[(hreflang, absolute address)] for each language, then x-default (the page without `?lang=`).

    The language is chosen by `?lang=` (see `LanguageMiddleware`), so each
    alternate is the same address with that parameter set.
    """
    request = context.get("request")
    if request is None:
        return []
    query = request.GET.copy()
    query.pop(LanguageMiddleware.QUERY_PARAMETER, None)
    links = []
    for code, _name in settings.LANGUAGES:
        query[LanguageMiddleware.QUERY_PARAMETER] = code
        links.append((code, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")))
    query.pop(LanguageMiddleware.QUERY_PARAMETER)
    rest = f"?{query.urlencode()}" if query else ""
    links.append(("x-default", request.build_absolute_uri(f"{request.path}{rest}")))
    return links
