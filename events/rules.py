"""Who may do what on which event: the one place that decides it.

Each app says which area of an event its models belong to and how to get from a
row to its event (`register_event_model`, called from the app's own
`permissions.py` in its AppConfig.ready()); this module turns that into
django-rules object permissions (`<app>.view_<model>`, change, add, delete), so
views, the admin and the API ask `user.has_perm(name, obj)` and get one answer.

A team member may work on the events of their teams (all of the organiser's
events, or the ones the team lists) in the team's areas. Without an object the
answer is "somewhere": on at least one event. Superusers, who run the
installation, may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.db.models import Model, Q, QuerySet

from .enums import Area
from .models import Event, Team

_CACHE_ATTRIBUTE = "_event_ids_by_area"
ACTIONS = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class EventModel:
    """How a model's rows belong to events: the area they are part of and the lookup path to the event."""

    area: str | None  # None: a shared model, not of one event (organisations)
    event_path: str  # "" for the event itself; e.g. "session__event", "user__registrations__event"
    areas: tuple[str, ...] = ()  # shared models: the areas whose members may use them

    @property
    def event_id_lookup(self) -> str:
        return f"{self.event_path}_id" if self.event_path else "pk"


_models: dict[type[Model], EventModel] = {}


def _event_model_class():

    return Event


# --- Predicates -----------------------------------------------------------------------


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def event_ids_for(user, area: str) -> frozenset[int]:
    """The events on which the user's teams give them the area (every event, for superusers).

    Remembered on the user object, which lives for one request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if area not in cache:
        events = _event_model_class().objects.all()
        if not user.is_superuser:
            teams = Team.objects.filter(memberships__user=user, areas__contains=[area])
            events = events.filter(
                Q(organiser_id__in=teams.filter(all_events=True).values("organiser_id"))
                | Q(pk__in=Team.events.through.objects.filter(team__in=teams).values("event_id"))
            )
        cache[area] = frozenset(events.values_list("pk", flat=True))
    return cache[area]


def forget_cached_permissions(user) -> None:
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def event_ids_of(obj) -> set[int]:
    """The events a row belongs to (one, or several for a person's profile), through its model's path."""
    if isinstance(obj, _event_model_class()):
        return {obj.pk}
    spec = _models.get(type(obj)._meta.concrete_model)
    if spec is None or spec.area is None or obj.pk is None:
        return set()
    values = type(obj)._default_manager.filter(pk=obj.pk).values_list(spec.event_id_lookup, flat=True)
    return {value for value in values if value is not None}


def may_work_on(user, event, area: str) -> bool:
    """The question every event-specific page asks: may this person work on this part of this event?"""
    if event is None:
        return False
    event_id = event if isinstance(event, int) else event.pk
    return is_superuser(user) or event_id in event_ids_for(user, area)


def works_on(user, event) -> bool:
    """In any team of the event, whatever the area (sees its unpublished pages)."""
    return any(may_work_on(user, event, area) for area in Area.values)


def is_event_team_member_with_area(area: str):
    """A predicate (user, obj): the user's teams give them the area on the object's event, or, without an
    object, on some event."""

    @rules.predicate(name=f"is_event_team_member_with_area:{area}")
    def has_area(user, obj=None) -> bool:
        allowed = event_ids_for(user, area)
        if obj is None:
            return bool(allowed)
        return bool(event_ids_of(obj) & allowed)

    return has_area


def is_team_member_with_any_area(areas: tuple[str, ...]):
    @rules.predicate(name=f"is_team_member_with_any_area:{','.join(areas)}")
    def has_any(user, obj=None) -> bool:
        return any(event_ids_for(user, area) for area in areas)

    return has_any


is_event_team_member = is_team_member_with_any_area(tuple(Area.values))


# --- Registration of each app's models ---------------------------------------------------


def _set_perms(model: type[Model], predicate, actions) -> None:
    for action in actions:
        name = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        rules.set_perm(name, is_superuser | predicate)


def register_event_model(model: type[Model], *, area: str, event_path: str, actions=ACTIONS) -> None:
    """The rows of `model` belong to the event at `event_path` and to its `area`: members of a team with that
    area on that event may view, add, change and delete them (those of `actions`)."""
    if area not in Area.values:
        raise ValueError(f"unknown area {area!r}")
    _models[model] = EventModel(area=area, event_path=event_path)
    _set_perms(model, is_event_team_member_with_area(area), actions)


def register_shared_model(model: type[Model], *, areas: tuple[str, ...], actions=("view",)) -> None:
    """Rows several events use (organisations): members of a team with one of `areas` may use them."""
    _models[model] = EventModel(area=None, event_path="", areas=tuple(areas))
    _set_perms(model, is_team_member_with_any_area(tuple(areas)), actions)


def event_model(model: type[Model]) -> EventModel | None:
    return _models.get(model._meta.concrete_model)


def registered_models() -> dict[type[Model], EventModel]:
    return dict(_models)


def in_events(queryset: QuerySet, event_ids) -> QuerySet:
    """The rows of the queryset that belong to one of the events (by the model's registered path)."""
    if queryset.model is _event_model_class():
        return queryset.filter(pk__in=event_ids)
    spec = event_model(queryset.model)
    if spec is None or spec.area is None:
        return queryset
    if "__" in spec.event_path and _is_many_valued(queryset.model, spec.event_path):
        inner = queryset.model._default_manager.filter(**{f"{spec.event_id_lookup}__in": event_ids})
        return queryset.filter(pk__in=inner.values("pk"))
    return queryset.filter(**{f"{spec.event_id_lookup}__in": event_ids})


def _is_many_valued(model, path: str) -> bool:
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def scoped(user, queryset: QuerySet, area: str | None = None) -> QuerySet:
    """The rows of the queryset the user may see: those of the events their teams give them the model's area
    on (or `area`); everything for superusers; nothing of a model nobody registered."""
    if is_superuser(user):
        return queryset
    spec = event_model(queryset.model)
    is_event = queryset.model is _event_model_class()
    if spec is None and not is_event:
        return queryset.none()
    if spec is not None and spec.area is None:
        return queryset if any(event_ids_for(user, a) for a in spec.areas) else queryset.none()
    return in_events(queryset, event_ids_for(user, area or spec.area))


def register_events_models() -> None:
    """The event itself is the event-settings area. Organisers and teams belong to the installation:
    superusers only, which is what a model without a rule gets."""
    register_event_model(_event_model_class(), area=Area.EVENT_SETTINGS, event_path="", actions=("view", "change"))
