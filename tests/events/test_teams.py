"""Organisers' teams: what the database refuses, what the demo gives, how invitations and leaving work."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts.models import User
from events.enums import Area
from events.models import Event, Team, TeamInvitation, TeamMembership
from events.rules import event_ids_for
from events.services import invite_to_team, remove_member
from registration.demo_accounts import DEMO_EVENT_SLUG
from tests.factories.events import OrganiserFactory, TeamFactory, team_member
from tests.factories.registration import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_team_with_an_unknown_area_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(areas=[Area.PROGRAMME, "everything"])


def test_team_lists_only_its_organisers_events():
    team = TeamFactory()
    theirs = EventFactory(organiser=team.organiser)
    another_organisers = EventFactory(organiser=OrganiserFactory())

    team.events.add(theirs)
    with pytest.raises(IntegrityError), transaction.atomic():
        team.events.add(another_organisers)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=theirs.pk).update(organiser=another_organisers.organiser)

    assert list(team.events.all()) == [theirs]


def test_team_of_all_events_covers_the_organisers_new_events_only():
    team = TeamFactory(areas=[Area.TOWNHALL], all_events=True)
    member = team_member(team=team)
    first = EventFactory(organiser=team.organiser)
    EventFactory(organiser=OrganiserFactory())
    later = EventFactory(organiser=team.organiser)

    assert event_ids_for(User.objects.get(pk=member.pk), Area.TOWNHALL) == {first.pk, later.pk}
    assert event_ids_for(User.objects.get(pk=member.pk), Area.PROGRAMME) == frozenset()


def test_invitation_of_an_address_with_an_account_joins_at_once_and_is_sent_once():
    team = TeamFactory(areas=[Area.PROGRAMME])
    person = UserFactory(email="known@example.org")

    first = invite_to_team(team=team, email="Known@example.org")
    again = invite_to_team(team=team, email="known@example.org")

    assert again.pk == first.pk
    assert TeamInvitation.objects.get().accepted_at is not None
    assert list(TeamMembership.objects.values_list("user_id", flat=True)) == [person.pk]
    person.refresh_from_db()
    assert (person.is_staff, person.is_superuser) == (True, False)


def test_leaving_the_last_team_ends_admin_access_but_never_a_superusers():
    first, second = TeamFactory(), TeamFactory()
    member = team_member(team=first)
    add_to_second = TeamMembership.objects.create(team=second, user=member)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    TeamMembership.objects.create(team=first, user=superuser)

    remove_member(membership=add_to_second)
    member.refresh_from_db()
    assert member.is_staff is True
    remove_member(membership=TeamMembership.objects.get(user=member))
    remove_member(membership=TeamMembership.objects.get(user=superuser))

    member.refresh_from_db()
    superuser.refresh_from_db()
    assert (member.is_staff, superuser.is_staff) == (False, True)


def test_demo_gives_the_team_accounts_their_teams_of_the_demo_events_organiser():
    call_command("load_demo")

    event = Event.objects.get(slug=DEMO_EVENT_SLUG)
    teams = {
        email: list(Team.objects.filter(memberships__user__email=email).values_list("name_en", "organiser_id"))
        for email in ("programme@example.org", "townhall@example.org", "challenge@example.org", "forum@example.org")
    }
    assert teams["programme@example.org"] == [("Programme committee", event.organiser_id)]
    assert teams["townhall@example.org"] == [("Townhall hosts", event.organiser_id)]
    assert teams["challenge@example.org"] == [("Challenge office", event.organiser_id)]
    assert teams["forum@example.org"][0][1] != event.organiser_id
    assert User.objects.filter(email__in=teams, is_staff=True, is_superuser=False).count() == 4
    assert event_ids_for(User.objects.get(email="forum@example.org"), Area.PROGRAMME) == {
        Event.objects.exclude(pk=event.pk).get().pk
    }
