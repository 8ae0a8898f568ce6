"""Admin widgets that survive what a browser (or anyone with curl) may post."""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _ParsedChoicesOnly:
    """Django's autocomplete widgets put the posted values straight into a `pk__in` filter when a
    refused form is shown again, so "abc" for an integer key answers 500 where the form already
    says "Select a valid choice". These render only values the key can hold."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        # A foreign key may point at another unique field; a many-to-many points at the primary key.
        field_name = getattr(remote, "field_name", None)
        target = remote.model._meta.get_field(field_name) if field_name else remote.model._meta.pk

        def parses(item) -> bool:
            try:
                target.to_python(item)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [item for item in value if parses(item)], attr)


class SafeAutocompleteSelect(_ParsedChoicesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ParsedChoicesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For ModelAdmins and inlines with `autocomplete_fields`: the widgets above instead of Django's."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
