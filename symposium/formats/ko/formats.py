"""How Korean pages, emails and the admin write dates and times (beyond Django's own Korean formats).

Every template and message uses these names (`|date:"MONTH_DAY_FORMAT"`, `|time`),
never a format string of its own, so a date reads the same everywhere. Times are
24-hour in both languages.
"""

# A time of day: 09:30, 18:30.
TIME_FORMAT = "H:i"
# A date that may be in another year (the admin, the event's dates): 2026년 12월 3일 (목).
DATE_FORMAT = "Y년 n월 j일 (D)"
DATETIME_FORMAT = "Y년 n월 j일 (D) H:i"
# A day of the event, whose year is plain from the context: 12월 3일 (목).
MONTH_DAY_FORMAT = "n월 j일 (D)"
SHORT_DATETIME_FORMAT = "n월 j일 (D) H:i"
# Where room is short (the programme's day tabs): 12/3 (목).
SHORT_DATE_FORMAT = "n/j (D)"
