"""What the challenge does when its own rows change elsewhere (the admin, a demo load, a cascade)."""

from django.core.cache import cache

from .selectors import PUBLISHED_CHALLENGES_CACHE_KEY


def retire_published_challenges(**kwargs) -> None:
    cache.delete(PUBLISHED_CHALLENGES_CACHE_KEY)
