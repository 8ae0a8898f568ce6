"""The registration app's part of the demo: the 2022 edition, its organisations, demo accounts.

Facts come from the press coverage of the 2022 AI Graduate School Symposium.
Every write is keyed on a natural key and only creates what is missing: loading
again never changes a row that exists, so what organisers edited stays edited.
The event is dated when it is first created.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from events.enums import AttendeeCategory, OrganizationKind, PartnerRole
from events.models import Event, EventDay, EventPartner, Organization
from mail.models import EmailStatus, OutboundEmail
from people import services as people_services

from . import services
from .demo_accounts import DEMO_ACCOUNTS, DEMO_EVENT_SLUG, DEMO_PASSWORD
from .demo_teams import load_teams
from .models import Registration

# (Korean name, English name). The press names 16 AI graduate schools without
# listing them; this list is plausible demo data, not an official register.
GRADUATE_SCHOOLS = [
    ("KAIST", "KAIST"),
    ("고려대학교", "Korea University"),
    ("성균관대학교", "Sungkyunkwan University"),
    ("광주과학기술원", "GIST"),
    ("포항공과대학교", "POSTECH"),
    ("울산과학기술원", "UNIST"),
    ("연세대학교", "Yonsei University"),
    ("한양대학교", "Hanyang University"),
    ("서울대학교", "Seoul National University"),
    ("중앙대학교", "Chung-Ang University"),
    ("부산대학교", "Pusan National University"),
    ("이화여자대학교", "Ewha Womans University"),
    ("서강대학교", "Sogang University"),
    ("인하대학교", "Inha University"),
    ("아주대학교", "Ajou University"),
    ("경희대학교", "Kyung Hee University"),
]

ORGANISATIONS = [
    ("과학기술정보통신부", "Ministry of Science and ICT", OrganizationKind.GOVERNMENT),
    ("정보통신기획평가원", "IITP", OrganizationKind.PUBLIC_INSTITUTE),
    ("인공지능대학원협의회", "AI Graduate School Council", OrganizationKind.PUBLIC_INSTITUTE),
    ("인공지능혁신허브", "AI Innovation Hub", OrganizationKind.PUBLIC_INSTITUTE),
    ("한국전자통신연구원", "ETRI", OrganizationKind.PUBLIC_INSTITUTE),
    ("LG", "LG", OrganizationKind.COMPANY),
    ("LG AI연구원", "LG AI Research", OrganizationKind.COMPANY),
    ("LG전자", "LG Electronics", OrganizationKind.COMPANY),
    ("LG디스플레이", "LG Display", OrganizationKind.COMPANY),
    ("LG이노텍", "LG Innotek", OrganizationKind.COMPANY),
    ("LG에너지솔루션", "LG Energy Solution", OrganizationKind.COMPANY),
    ("LG생활건강", "LG H&H", OrganizationKind.COMPANY),
    ("LG유플러스", "LG U+", OrganizationKind.COMPANY),
    ("LG CNS", "LG CNS", OrganizationKind.COMPANY),
    ("삼성전자", "Samsung Electronics", OrganizationKind.COMPANY),
    ("네이버", "NAVER", OrganizationKind.COMPANY),
    ("KT", "KT", OrganizationKind.COMPANY),
    ("카카오브레인", "Kakao Brain", OrganizationKind.COMPANY),
    ("미시간대학교", "University of Michigan", OrganizationKind.UNIVERSITY),
]

PARTNERS = [
    ("Ministry of Science and ICT", PartnerRole.HOST),
    ("LG", PartnerRole.CO_ORGANISER),
    ("AI Graduate School Council", PartnerRole.CO_ORGANISER),
    ("AI Innovation Hub", PartnerRole.CO_ORGANISER),
    ("IITP", PartnerRole.CO_ORGANISER),
    ("LG", PartnerRole.SPONSOR),
    *[
        (name, PartnerRole.EXHIBITOR)
        for name in [
            "LG AI Research", "LG Electronics", "LG Display", "LG Innotek", "LG Energy Solution", "LG H&H",
            "LG U+", "LG CNS", "Samsung Electronics", "NAVER", "KT", "Kakao Brain",
        ]
    ],
]  # fmt: skip

# Day 1 (opening, keynote, panel) is nearly full; day 2 has a waitlist.
DAY_CAPACITIES = [280, 230]
STUDENT_SEATS_HELD_ON_DAY_1 = 80
DEMO_ATTENDEE_COUNT = 300
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN_SYLLABLES = "민서지현준우도윤하은수영재원예진성호유나연경태희승"
CATEGORY_WEIGHTS = {
    AttendeeCategory.STUDENT: 45,
    AttendeeCategory.FACULTY: 12,
    AttendeeCategory.RESEARCHER: 10,
    AttendeeCategory.INDUSTRY: 18,
    AttendeeCategory.GOVERNMENT: 4,
    AttendeeCategory.PUBLIC_INSTITUTE: 4,
    AttendeeCategory.PRESS: 2,
    AttendeeCategory.STARTUP: 4,
    AttendeeCategory.OTHER: 1,
}
INTERESTS = [
    "강화학습", "컴퓨터 비전", "자연어 처리", "멀티모달", "AI 에이전트", "의료 AI", "엣지 AI", "추천 시스템",
    "reinforcement learning", "computer vision", "LLM", "AI safety", "speech", "robotics",
]  # fmt: skip


def _organisation(name_ko: str, name_en: str, kind: str, **extra) -> Organization:
    organisation, _created = Organization.objects.get_or_create(
        name_en=name_en, defaults={"name_ko": name_ko, "kind": kind, **extra}
    )
    return organisation


def _event_dates(start_date: datetime.date, zone) -> dict:
    def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)

    return {
        "start_date": start_date,
        "end_date": start_date + datetime.timedelta(days=1),
        "registration_opens_at": at(start_date - datetime.timedelta(days=45), 9),
        "registration_closes_at": at(start_date - datetime.timedelta(days=1), 23, 59),
    }


@transaction.atomic
def load(*, start_date: datetime.date) -> Event:
    for name_ko, name_en in GRADUATE_SCHOOLS:
        _organisation(name_ko, name_en, OrganizationKind.UNIVERSITY, is_ai_graduate_school=True)
    for name_ko, name_en, kind in ORGANISATIONS:
        _organisation(name_ko, name_en, kind)

    event, _created = Event.objects.get_or_create(
        slug=DEMO_EVENT_SLUG,
        defaults={
            "name_ko": "2022 인공지능대학원 심포지엄",
            "name_en": "2022 AI Graduate School Symposium",
            "theme_ko": "글로벌 디지털 인재의 산실, AI대학원",
            "theme_en": "AI Graduate Schools, the cradle of global digital talent",
            "description_ko": (
                "전국 16개 인공지능대학원의 성과를 공유하고 민관학 교류와 협력 체계를 구축하는 "
                "세 번째 연례 심포지엄입니다. 기조강연, 패널 토론, 산학협력 우수 사례 발표, "
                "인공지능대학원 챌린지 시상식, 기업 채용 상담 부스와 타운홀 미팅이 열립니다."
            ),
            "description_en": (
                "The third annual symposium where Korea's 16 AI graduate schools share their "
                "results and build cooperation between government, industry and academia: a "
                "keynote, a panel, industry-academia case talks, the AI Graduate School Challenge "
                "awards, recruiting booths and an evening townhall."
            ),
            "venue_ko": "코엑스 그랜드볼룸 및 전시홀",
            "venue_en": "COEX Grand Ballroom and exhibition hall",
            "address_ko": "서울특별시 강남구 영동대로 513",
            "address_en": "513 Yeongdong-daero, Gangnam-gu, Seoul",
            "time_zone": "Asia/Seoul",
            "is_published": True,
            "approval_categories": [AttendeeCategory.PRESS],
            **_event_dates(start_date, zoneinfo.ZoneInfo("Asia/Seoul")),
        },
    )
    for order, (name_en, role) in enumerate(PARTNERS):
        organisation = Organization.objects.filter(name_en=name_en).first()
        if organisation is not None:  # an organiser may have renamed or removed it
            EventPartner.objects.get_or_create(
                event=event, organization=organisation, role=role, defaults={"order": order}
            )

    for email, is_organiser, _purpose in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if is_organiser else User.objects.create_user
            user = create(email=email, password=DEMO_PASSWORD)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    _load_days(event)
    _load_attendees(event)
    load_teams(start_date=start_date)
    return event


def _load_days(event: Event) -> None:
    """The two days with their capacities and the student quota, made with the event and then left alone."""
    if event.event_days.exists():
        return
    for date, capacity in zip(event.days, DAY_CAPACITIES, strict=True):
        EventDay.objects.create(event=event, date=date, capacity=capacity)
    day_one = event.event_days.order_by("date").first()
    day_one.quotas.create(category=AttendeeCategory.STUDENT, seats=STUDENT_SEATS_HELD_ON_DAY_1)


def _load_attendees(event: Event) -> None:
    """About 300 attendees across categories and schools, registered through the real services.

    They are registered once, with the event: later the organisers may have
    changed days and capacities, and the demo does not register anyone again.
    """
    if Registration.objects.filter(event=event).exists():
        return
    rng = random.Random(2022)  # noqa: S311 - demo data, deterministic on purpose
    schools = list(Organization.objects.filter(is_ai_graduate_school=True).order_by("name_en"))
    companies = list(Organization.objects.filter(kind=OrganizationKind.COMPANY).order_by("name_en"))
    institutes = list(
        Organization.objects.filter(kind__in=[OrganizationKind.PUBLIC_INSTITUTE, OrganizationKind.GOVERNMENT]).order_by(
            "name_en"
        )
    )
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    attendee_password = make_password(DEMO_PASSWORD)
    for number in range(DEMO_ATTENDEE_COUNT + 1):
        # Every value is drawn whether or not the person exists yet, so a rerun draws the same.
        category = rng.choices(categories, weights)[0]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_SYLLABLES) + rng.choice(GIVEN_SYLLABLES)
        school, company, institute = rng.choice(schools), rng.choice(companies), rng.choice(institutes)
        interests = rng.sample(INTERESTS, k=rng.randint(1, 3))
        share, open_to_offers, roll = rng.random() < 0.7, rng.random() < 0.5, rng.random()
        day_choice = event.days if roll < 0.75 else event.days[:1] if roll < 0.9 else event.days[1:]
        if number == 0:  # the demo attendee account, on both days
            user = User.objects.get(email="attendee@example.org")
            category, day_choice, name, share = AttendeeCategory.STUDENT, event.days, "김지현", True
        else:
            email = f"attendee{number:03d}@example.org"
            user = User.objects.filter(email=email).first() or User.objects.create(
                email=email, password=attendee_password
            )
        organisation = {
            AttendeeCategory.STUDENT: school,
            AttendeeCategory.FACULTY: school,
            AttendeeCategory.RESEARCHER: institute,
            AttendeeCategory.GOVERNMENT: institute,
            AttendeeCategory.PUBLIC_INSTITUTE: institute,
        }.get(category, company)
        services.save_attendee_profile(
            user=user,
            full_name=name,
            category=category,
            organization=organisation,
            graduate_school=school,
            position={"student": "석사과정", "faculty": "교수"}.get(category, "연구원"),
            research_interests=interests,
            open_to_job_offers=open_to_offers and category == AttendeeCategory.STUDENT,
        )
        people_services.record_consents(
            user=user,
            event=event,
            choices={"event_processing": True, "share_with_booths": share, "organiser_news": False},
        )
        # The window is not enforced: the demo may be dated in the past (--start-date 2022-08-18).
        services.register_attendee(event=event, user=user, dates=day_choice, enforce_window=False)
    # Demo people are not real: nothing queued for them is sent.
    OutboundEmail.objects.filter(recipient__endswith="@example.org", status=EmailStatus.QUEUED).update(
        status=EmailStatus.SKIPPED, last_error="demo data"
    )
