"""The registration app's part of the demo: the 2022 edition, its organisations, demo accounts.

Facts come from the press coverage of the 2022 AI Graduate School Symposium.
Every write is keyed on a natural key, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.db import transaction

from .demo_accounts import DEMO_ACCOUNTS, DEMO_EVENT_SLUG, DEMO_PASSWORD
from .enums import OrganizationKind, PartnerRole
from .models import Event, EventPartner, Organization, User

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
]


def _upsert_organisation(name_ko: str, name_en: str, kind: str) -> Organization:
    organisation, _created = Organization.objects.update_or_create(
        name_en=name_en, defaults={"name_ko": name_ko, "kind": kind}
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
        _upsert_organisation(name_ko, name_en, OrganizationKind.UNIVERSITY)
    for name_ko, name_en, kind in ORGANISATIONS:
        _upsert_organisation(name_ko, name_en, kind)

    event, _created = Event.objects.update_or_create(
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
            **_event_dates(start_date, zoneinfo.ZoneInfo("Asia/Seoul")),
        },
    )
    for order, (name_en, role) in enumerate(PARTNERS):
        EventPartner.objects.update_or_create(
            event=event,
            organization=Organization.objects.get(name_en=name_en),
            role=role,
            defaults={"order": order},
        )

    for email, is_organiser, _purpose in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if is_organiser else User.objects.create_user
            user = create(email=email, password=DEMO_PASSWORD)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return event
