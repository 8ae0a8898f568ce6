import factory

from events.models import Organiser, Team
from events.services import add_member
from tests.factories.registration import UserFactory


class OrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organiser

    name_ko = factory.Sequence(lambda n: f"주최 기관 {n}")
    name_en = factory.Sequence(lambda n: f"Host {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    organiser = factory.SubFactory(OrganiserFactory)
    name_ko = factory.Sequence(lambda n: f"팀 {n}")
    name_en = factory.Sequence(lambda n: f"Team {n}")
    areas = factory.LazyFunction(list)

    @factory.post_generation
    def events(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.events.set(extracted)


def team_member(*, team: Team, **user_fields):
    """A person who joined the team (through the service, so they may enter the admin)."""

    user = UserFactory(**user_fields)
    add_member(team=team, user=user)
    user.refresh_from_db()
    return user
