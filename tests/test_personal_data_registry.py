"""Every model that holds a person is covered by a personal-data provider, so access and erasure miss nothing."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from common.personal_data import covered_models


def _ours(app_config) -> bool:
    """Every app of this project, so a new app is walked too; Django's and allauth's live in the virtualenv."""
    path = Path(app_config.path).resolve()
    return Path(settings.BASE_DIR).resolve() in path.parents and ".venv" not in path.parts


# Names of things, not of people; each says why it needs no provider.
NOT_PERSONAL = {
    "events.Organization": "names of universities and companies",
    "events.Event": "the event's own names",
    "programme.Room": "names of rooms",
    "programme.Track": "names of tracks",
    "programme.Speaker": "speakers' public programme entries, typed in by organisers; no account to export or erase",
    "booths.Booth": "names of booths",
    "events.Organiser": "names of the organisations that run events",
    "events.Team": "names of organisers' teams",
    "challenge.Phase": "names of a challenge's phases",
    "challenge.Award": "names of awards",
    "challenge.ChallengeTeam": "names teams choose for themselves; their members are challenge.TeamMember",
}


def _holds_a_person(model) -> bool:
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False):
            continue
        if field.is_relation and field.related_model is apps.get_model(settings.AUTH_USER_MODEL):
            return True
        if isinstance(field, models.EmailField) or "email" in field.name or "name" in field.name:
            return True
    return False


def test_every_model_holding_a_user_an_email_or_a_name_is_covered_by_a_provider():
    holding = {
        model._meta.label for model in apps.get_models() if _ours(model._meta.app_config) and _holds_a_person(model)
    }

    uncovered = holding - covered_models() - set(NOT_PERSONAL)

    assert uncovered == set()
    assert holding >= {"booths.Visit", "townhall.Guest", "mail.OutboundEmail", "programme.AgendaItem"}


def test_no_exemption_names_a_model_that_a_provider_covers_or_that_is_gone():
    labels = {model._meta.label for model in apps.get_models()}

    assert set(NOT_PERSONAL) - labels == set()
    assert set(NOT_PERSONAL) & covered_models() == set()
