from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from mail.email_kinds import register_email_kind

# The kinds of email this app sends, as the outbox names them.
EMAIL_KINDS = [
    ("account:email_confirmation_signup", _("Address confirmation at sign-up")),
    ("account:email_confirmation", _("Address confirmation")),
    ("account:account_already_exists", _("Sign-up with an address that has an account")),
    ("account:password_reset_key", _("Password reset link")),
    ("account:unknown_account", _("Password reset for an unknown address")),
    ("registration_confirmation", _("Registration confirmation")),
    ("waitlist_promotion", _("Seat from the waitlist")),
]


SITE_NAME = "Symposium"
ENTRANCE = "entrance"  # the entrance desk's key among the check-in points (common.check_in_points)


def name_the_site(sender, using="default", **kwargs):
    """Account emails name the site: never leave it as the example.com Django creates after a flush."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).filter(pk=settings.SITE_ID, name="example.com").update(
        name=SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc or "localhost"
    )
    Site.objects.clear_cache()


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Registration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for kind, label in EMAIL_KINDS:
            register_email_kind(kind, label)
        from common.check_in_points import CheckInPoint, register_check_in_point
        from common.dashboard import register_dashboard_cards
        from common.scanner_access import register_scanner_role
        from events.enums import Area

        from . import permissions, personal_data, segments
        from .dashboard import registration_cards
        from .selectors import scans_badges
        from .services import check_in_by_code

        register_scanner_role(scans_badges)
        register_check_in_point(
            CheckInPoint(
                key=ENTRANCE,
                label=_("Entrance desk"),
                desk_url_name="registration:entrance",
                check_in=check_in_by_code,
                team_area=Area.REGISTRATIONS,
            )
        )
        personal_data.register()
        segments.register()
        permissions.register()
        # Runs after django.contrib.sites' own post_migrate handler, which (re)creates example.com.
        post_migrate.connect(name_the_site, sender=self, dispatch_uid="registration.name_the_site")
        register_dashboard_cards(registration_cards)
