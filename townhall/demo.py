"""The townhall's part of the demo: the evening of day 1, about 150 invited guests, 15 tables of 8.

Three guests are named in the press coverage; the others are made-up people of
the real kinds of organisations that attended. Loading again creates only what
is missing and never changes the townhall, its tables or its guests.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from events.models import Event
from mail.models import EmailStatus, OutboundEmail
from registration.demo_accounts import DEMO_EVENT_SLUG

from .enums import GuestStatus
from .models import Guest, Table, Townhall
from .services import answer_rsvp, assign_seating

NAMED_GUESTS = [
    ("배경훈", "kyunghoon.bae@example.org", "LG AI연구원", "industry", "원장"),
    ("전성배", "seongbae.jeon@example.org", "정보통신기획평가원", "public_institution", "원장"),
    ("허원석", "wonseok.heo@example.org", "과학기술정보통신부", "government", "소프트웨어정책관"),
]
ORGANISATIONS = {
    "government": ["과학기술정보통신부", "산업통상자원부", "서울특별시"],
    "public_institution": ["정보통신기획평가원", "한국전자통신연구원", "인공지능혁신허브", "한국지능정보사회진흥원"],
    "academia": ["KAIST", "고려대학교", "성균관대학교", "포항공과대학교", "연세대학교", "서울대학교", "중앙대학교",
                 "부산대학교", "광주과학기술원", "울산과학기술원"],
    "industry": ["LG AI연구원", "LG전자", "삼성전자", "네이버", "KT", "카카오브레인", "LG CNS", "LG디스플레이"],
}  # fmt: skip
SURNAMES = "김이박최정강조윤장임한오서신권"
GIVEN = "민서지현준우도윤하은수영재원진성호"


@transaction.atomic
def load(*, start_date: datetime.date) -> None:
    event = Event.objects.get(slug=DEMO_EVENT_SLUG)
    starts = datetime.datetime.combine(event.start_date, datetime.time(18, 30), tzinfo=event.zone)
    townhall, _created = Townhall.objects.get_or_create(
        event=event,
        defaults={
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2, minutes=30),
            "venue_ko": "코엑스 아셈볼룸",
            "venue_en": "COEX ASEM Ballroom",
            "description_ko": "정부, 공공기관, 학계, 기업의 주요 인사가 모여 AI 분야 민관학 협력과 산학협력 확대를 논의합니다.",
            "description_en": "Key people from government, public institutions, academia and industry meet to build "
            "cooperation in AI and discuss more joint work.",
            "capacity": 120,
            "rsvp_deadline": starts - datetime.timedelta(days=3),
        },
    )
    for number in range(1, 16):
        Table.objects.get_or_create(townhall=townhall, number=number, defaults={"seats": 8})
    if Guest.objects.filter(townhall=townhall).exists():
        return  # guests and their answers are made once; a rerun keeps them as they are
    rng = random.Random(2022)  # noqa: S311 - demo data, deterministic on purpose
    guests = [
        Guest(townhall=townhall, name=name, email=email, organisation=org, sector=sector, title=title, is_vip=True)
        for name, email, org, sector, title in NAMED_GUESTS
    ]
    sectors = list(ORGANISATIONS)
    for number in range(147):
        sector = sectors[number % 4]
        guests.append(
            Guest(
                townhall=townhall,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                email=f"townhall{number:03d}@example.org",
                organisation=rng.choice(ORGANISATIONS[sector]),
                sector=sector,
                title=rng.choice(["원장", "본부장", "교수", "상무", "국장", "팀장"]),
                is_vip=number % 12 == 0,
                language="en" if number % 15 == 0 else "ko",
            )
        )
    for guest in Guest.objects.bulk_create(guests):
        Guest.objects.filter(pk=guest.pk).update(status=GuestStatus.SENT)
        guest.status = GuestStatus.SENT
    # Most have answered: more accept than there are seats (a few wait), some decline, a few are silent.
    named = {email for _name, email, _org, _sector, _title in NAMED_GUESTS}
    for guest in Guest.objects.filter(townhall=townhall).order_by("pk"):
        roll = rng.random()
        if guest.email in named or roll < 0.86:  # the press reports the three named guests attending
            answer_rsvp(guest=guest, attending=True, enforce_deadline=False)
        elif roll < 0.94:
            answer_rsvp(guest=guest, attending=False, enforce_deadline=False)
    assign_seating(townhall=townhall)
    # Demo people are not real: nothing queued for them is sent.
    OutboundEmail.objects.filter(recipient__endswith="@example.org", status=EmailStatus.QUEUED).update(
        status=EmailStatus.SKIPPED, last_error="demo data"
    )
