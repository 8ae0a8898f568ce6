from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnouncementSegment(models.TextChoices):
    ALL_CONFIRMED = "all_confirmed", _("Everyone confirmed for the event")
    CONFIRMED_ON_DAY = "confirmed_on_day", _("Everyone confirmed on one day")
    WAITLISTED = "waitlisted", _("Everyone on a waitlist")
    NEWS_SUBSCRIBERS = "news_subscribers", _("Registered people who asked for the organisers' news")
    # Answered by the booths app through the collect_announcement_recipients signal.
    BOOTH_STAFF = "booth_staff", _("Everyone staffing a booth")
    # Answered by the townhall app.
    TOWNHALL_ACCEPTED = "townhall_accepted", _("Townhall guests who accepted")
