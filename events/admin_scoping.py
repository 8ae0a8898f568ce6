"""The admin as a team member sees it: only the events, rows and choices their teams allow.

Every ModelAdmin (and inline) of every app mixes `EventScopedAdmin` in before the
theme's ModelAdmin. What a model belongs to comes from events.rules (each app
registers its models with an area and the path to the event); the admin asks
the same object permissions as the views, with the object, and filters its
querysets (the list, actions and exports, which act on the list's queryset;
autocomplete; the choices of foreign keys and many-to-many fields; the related
filters) to the events allowed for the model's area. Superusers see everything.
"""

from __future__ import annotations

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import rules as event_rules


def _perm(opts, action: str) -> str:
    return f"{opts.app_label}.{action}_{opts.model_name}"


class EventScopedAdmin:
    """Scopes a ModelAdmin or InlineModelAdmin to the user's teams. Mix it in before ModelAdmin."""

    def _area(self) -> str | None:
        spec = event_rules.event_model(self.model)
        return spec.area if spec else None

    def _is_superuser(self, request) -> bool:
        return event_rules.is_superuser(request.user)

    # --- Rows -------------------------------------------------------------------------------

    def _by_event(self) -> bool:
        """Models of no event (people's accounts, the outbox, the audit log) keep Django's model permissions,
        which team members do not have: they are for superusers and whoever is given them explicitly."""
        return self.model is _event_class() or event_rules.event_model(self.model) is not None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return event_rules.scoped(request.user, queryset) if self._by_event() else queryset

    def get_object(self, request, object_id, from_field=None):
        """The change, delete and history pages' object. For a team member, one beyond their part is a 403 and one
        that does not exist a 404 (Django sends people to the index instead, for both)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not self._is_superuser(request):
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
            try:
                exists = self.model._default_manager.filter(**{field.attname: field.to_python(object_id)}).exists()
            except (ValidationError, ValueError):
                exists = False
            raise PermissionDenied if exists else Http404
        return obj

    def get_object_or_403(self, request, model: type[Model], pk, action: str = "view"):
        """A custom admin view's object, if the user may `action` it; 404 for one that does not exist."""
        obj = get_object_or_404(model, pk=pk)
        if not request.user.has_perm(_perm(model._meta, action), obj):
            raise PermissionDenied
        return obj

    # --- Permissions, with the object -----------------------------------------------------------

    def has_view_permission(self, request, obj=None):
        if not self._by_event():
            return super().has_view_permission(request, obj)
        opts = self.opts
        return request.user.has_perm(_perm(opts, "view"), obj) or request.user.has_perm(_perm(opts, "change"), obj)

    def has_change_permission(self, request, obj=None):
        if not self._by_event():
            return super().has_change_permission(request, obj)
        return request.user.has_perm(_perm(self.opts, "change"), obj)

    def has_delete_permission(self, request, obj=None):
        if not self._by_event():
            return super().has_delete_permission(request, obj)
        return request.user.has_perm(_perm(self.opts, "delete"), obj)

    def has_add_permission(self, request, *args):
        # ModelAdmin passes (request); an inline passes (request, parent object).
        if not self._by_event():
            return super().has_add_permission(request, *args)
        return request.user.has_perm(_perm(self.opts, "add"))

    def has_module_permission(self, request):
        if self._is_superuser(request):
            return True
        if not self._by_event():
            return super().has_module_permission(request)
        return self.has_view_permission(request)

    # --- Choices ------------------------------------------------------------------------------------

    def _limit(self, request, formfield):
        queryset = getattr(formfield, "queryset", None)
        if queryset is None or self._is_superuser(request):
            return formfield
        related = queryset.model
        if related is _event_class() or event_rules.event_model(related) is not None:
            area = self._area()
            if area is None:
                formfield.queryset = queryset.none()
            elif event_rules.event_model(related) is not None and event_rules.event_model(related).area is None:
                formfield.queryset = event_rules.scoped(request.user, queryset)
            else:
                formfield.queryset = event_rules.in_events(queryset, event_rules.event_ids_for(request.user, area))
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._limit(request, super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._limit(request, super().formfield_for_manytomany(db_field, request, **kwargs))

    # --- Filters --------------------------------------------------------------------------------------

    def get_list_filter(self, request):
        """Related filters offer only what the member's rows refer to (never another organiser's events)."""
        list_filter = super().get_list_filter(request)
        if self._is_superuser(request):
            return list_filter
        scoped = []
        for entry in list_filter:
            if isinstance(entry, str):
                field = get_fields_from_path(self.model, entry)[-1]
                if field.is_relation:
                    entry = (entry, RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped


def _event_class():
    return event_rules._event_model_class()
