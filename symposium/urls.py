from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from booths import api as booths_api
from common.views import decode_badge_frame, openapi_schema, scanner_manifest, scanner_service_worker
from registration import api as registration_api
from registration.views import current_event_redirect, switch_language
from townhall import views as townhall_views

from .views import admin_login, favicon, healthz

admin.site.site_header = _("Symposium organisers")
admin.site.site_title = _("Symposium admin")
admin.site.index_title = _("Run the symposium")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/login/", admin_login, name="admin-login"),  # before the admin's own login view
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", switch_language, name="switch-language"),
    path("me/", include("registration.account_urls")),
    path("me/", include("mail.urls")),
    path("api/booths/<int:booth_id>/visits", booths_api.record_visit, name="api-record-visit"),
    path("api/openapi.json", openapi_schema, name="api-openapi"),
    path("api/scanner/decode", decode_badge_frame, name="api-decode-frame"),
    path("scanner-sw.js", scanner_service_worker, name="scanner-service-worker"),
    path("scanner/manifest.<str:code>.webmanifest", scanner_manifest, name="scanner-manifest"),
    path("api/events/<slug:event_slug>/townhall-door", townhall_views.door_check_in, name="api-townhall-door"),
    path(
        "api/events/<slug:event_slug>/townhall-door/people",
        townhall_views.door_desk_search,
        name="api-townhall-door-people",
    ),
    path(
        "api/events/<slug:event_slug>/townhall-door/count",
        townhall_views.door_desk_count,
        name="api-townhall-door-count",
    ),
    path("", include("townhall.urls")),
    path("api/events/<slug:event_slug>/entrance", registration_api.check_in, name="api-entrance"),
    path("api/events/<slug:event_slug>/entrance/people", registration_api.desk_search, name="api-entrance-people"),
    path("api/events/<slug:event_slug>/entrance/count", registration_api.desk_count, name="api-entrance-count"),
    path("", current_event_redirect, name="home"),
    # Event pages come last: /<event-slug>/ would otherwise shadow the paths above.
    path("<slug:event_slug>/", include("registration.urls")),
    path("<slug:event_slug>/", include("sessions.urls")),
    path("<slug:event_slug>/", include("booths.urls")),
    path("<slug:event_slug>/challenge/", include("challenge.urls")),
    path("<slug:event_slug>/townhall/door/", townhall_views.door_scanner, name="townhall-door"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
