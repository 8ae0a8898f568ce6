"""The consent texts shown to attendees, as Korea's Personal Information Protection Act expects.

Each text names the purpose, the items, how long they are kept and the right to
refuse. Each kind has its own version: changing a text means raising that kind's
"version", so every recorded consent says which words the person agreed to, and
the people who agreed to the old words are asked again (for that kind only).
Consents are given per event: the sharing text names that event's exhibitors, so
agreeing for one edition says nothing about the next.
"""

from django.utils.translation import gettext_lazy as _

from .enums import ConsentKind

CONSENT_TEXTS = {
    ConsentKind.EVENT_PROCESSING: {
        "version": "2026-11-v1",
        "required": True,
        "purpose": _("Registering you, admitting you with your badge, and telling you about the event."),
        "items": _(
            "Name, email address, organisation, category, graduate school, position, research "
            "interests, accessibility needs, the days you attend and your check-ins."
        ),
        "recipients": _("The organisers of the event only."),
        "retention": _("Until one year after the event, then deleted; or when you delete your account."),
        "refusal": _("You may refuse, but then we cannot register you for the event."),
    },
    ConsentKind.SHARE_WITH_BOOTHS: {
        "version": "2026-11-v1",
        "required": False,
        "purpose": _(
            "When the staff of a booth scan your badge, the companies of that booth may contact you "
            "about jobs, internships and research cooperation."
        ),
        "items": _("Name, organisation, email address, research interests and whether you are open to job offers."),
        "recipients": _("Only the companies whose booth staff scan your badge: %(exhibitors)s."),
        "retention": _("Each company keeps them for at most one year after the event, then deletes them."),
        "refusal": _(
            "You may refuse or withdraw at any time; registration does not depend on it. Without it a "
            "booth only counts your visit."
        ),
    },
    ConsentKind.ORGANISER_NEWS: {
        "version": "2026-11-v1",
        "required": False,
        "purpose": _("News about this and future symposiums from the organisers."),
        "items": _("Name and email address."),
        "recipients": _("The organisers of the event only."),
        "retention": _("Until you withdraw this consent."),
        "refusal": _("You may refuse or withdraw at any time; registration does not depend on it."),
    },
}


def consent_text_version(kind: str) -> str:
    """The version of the words shown today for one kind of consent."""
    return CONSENT_TEXTS[kind]["version"]
