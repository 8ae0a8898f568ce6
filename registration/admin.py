from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Event, EventPartner, Organization, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "preferred_language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name_ko", "name_en"]


class EventPartnerInline(admin.TabularInline):
    model = EventPartner
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug", "start_date", "end_date", "venue_ko", "is_published"]
    list_filter = ["is_published", "start_date", "time_zone"]
    search_fields = ["name_ko", "name_en", "slug", "venue_ko", "venue_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    date_hierarchy = "start_date"
    inlines = [EventPartnerInline]
    fieldsets = [
        (None, {"fields": ["name_ko", "name_en", "slug", "theme_ko", "theme_en", "is_published"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "start_date",
                    "end_date",
                    "time_zone",
                    "venue_ko",
                    "venue_en",
                    "address_ko",
                    "address_en",
                ]
            },
        ),
        (_("Registration window"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
        (_("Description"), {"fields": ["description_ko", "description_en"]}),
    ]
