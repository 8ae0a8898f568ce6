"""The demo's organisers and teams, loaded by registration.demo once the event exists: who runs the demo event,
its teams and two team members' accounts;
and a second event of another organiser, whose team member sees nothing of the demo's.

Like every demo loader it only creates what is missing (keyed on natural keys), so organisers' edits stay.
"""

from __future__ import annotations

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from events.enums import Area
from events.models import Event, Organiser, Team
from events.services import add_member

from .demo_accounts import DEMO_EVENT_SLUG, DEMO_PASSWORD, TEAM_ACCOUNTS

HOSTS = ("과학기술정보통신부·LG", "Ministry of Science and ICT and LG")
# (Korean name, English name, areas)
TEAMS = [
    ("프로그램 위원회", "Programme committee", [Area.PROGRAMME]),
    ("등록 데스크", "Registration desk", [Area.REGISTRATIONS, Area.CHECK_IN]),
    ("부스·후원 팀", "Booths and sponsors", [Area.BOOTHS]),
    ("타운홀 진행팀", "Townhall hosts", [Area.TOWNHALL]),
    ("챌린지 운영팀", "Challenge office", [Area.CHALLENGE]),
    ("행사 운영팀", "Event office", [Area.EVENT_SETTINGS, Area.EMAILS]),
]
OTHER_ORGANISER = ("인공지능혁신허브", "AI Innovation Hub")
OTHER_EVENT_SLUG = "ai-hub-forum-demo"
OTHER_TEAM = ("포럼 운영팀", "Forum office")


def _organiser(name_ko: str, name_en: str) -> Organiser:
    organiser = Organiser.objects.filter(name_en__iexact=name_en).first()
    return organiser or Organiser.objects.create(name_ko=name_ko, name_en=name_en)


def _team(organiser: Organiser, name_ko: str, name_en: str, areas: list[str]) -> Team:
    team = Team.objects.filter(organiser=organiser, name_en__iexact=name_en).first()
    return team or Team.objects.create(
        organiser=organiser, name_ko=name_ko, name_en=name_en, areas=areas, all_events=True
    )


def _account(email: str):
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(email=email, password=DEMO_PASSWORD)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _other_event(start_date: datetime.date, organiser: Organiser) -> Event:
    zone = zoneinfo.ZoneInfo("Asia/Seoul")
    first_day = start_date + datetime.timedelta(days=30)
    event, _created = Event.objects.get_or_create(
        slug=OTHER_EVENT_SLUG,
        defaults={
            "name_ko": "AI 혁신 허브 포럼",
            "name_en": "AI Innovation Hub Forum",
            "venue_ko": "양재 AI 허브",
            "venue_en": "Yangjae AI Hub",
            "start_date": first_day,
            "end_date": first_day,
            "registration_opens_at": datetime.datetime.combine(
                first_day - datetime.timedelta(days=30), datetime.time(9), tzinfo=zone
            ),
            "registration_closes_at": datetime.datetime.combine(
                first_day - datetime.timedelta(days=1), datetime.time(23, 59), tzinfo=zone
            ),
            "organiser": organiser,
        },
    )
    return event


@transaction.atomic
def load_teams(*, start_date: datetime.date) -> None:
    hosts = _organiser(*HOSTS)
    Event.objects.filter(slug=DEMO_EVENT_SLUG, organiser__isnull=True).update(organiser=hosts)
    teams = {name_en: _team(hosts, name_ko, name_en, areas) for name_ko, name_en, areas in TEAMS}

    other = _organiser(*OTHER_ORGANISER)
    _other_event(start_date, other)
    teams[OTHER_TEAM[1]] = _team(other, *OTHER_TEAM, list(Area.values))

    for email, team_name, _purpose in TEAM_ACCOUNTS:
        add_member(team=teams[team_name], user=_account(email))
