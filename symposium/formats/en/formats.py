"""How English pages, emails and the admin write dates and times (see the Korean module)."""

# A time of day: 09:30, 18:30.
TIME_FORMAT = "H:i"
# A date that may be in another year (the admin, the event's dates): Thu 3 December 2026.
DATE_FORMAT = "D j F Y"
DATETIME_FORMAT = "D j F Y, H:i"
# A day of the event, whose year is plain from the context: Thu 3 December.
MONTH_DAY_FORMAT = "D j F"
SHORT_DATETIME_FORMAT = "D j F, H:i"
# Where room is short (the programme's day tabs): Thu 3 Dec.
SHORT_DATE_FORMAT = "D j M"
