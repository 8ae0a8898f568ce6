"""Date and time formats per language (FORMAT_MODULE_PATH), see ko/formats.py."""

from django.utils.translation import gettext_noop

# Django's abbreviated weekdays (the `D` of a date format), listed here so that our
# catalogue keeps them: Korean dates write the weekday as one syllable, 12월 3일 (목),
# where Django's own Korean catalogue has the full 목요일.
WEEKDAY_ABBREVIATIONS = [
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
]
