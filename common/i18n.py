"""Bilingual (Korean and English) model fields."""

from django.utils.translation import get_language


class Bilingual:
    """Reads `<base>_ko` or `<base>_en` by the active language, falling back to the other.

    Used as a class attribute: ``name = Bilingual("name")`` beside the
    ``name_ko`` and ``name_en`` fields.
    """

    def __init__(self, base: str) -> None:
        self.base = base

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        preferred, other = ("en", "ko") if (get_language() or "ko").startswith("en") else ("ko", "en")
        return getattr(instance, f"{self.base}_{preferred}") or getattr(instance, f"{self.base}_{other}")
