"""The booths' part of the demo: the LG integrated booth with its 8 affiliates, other recruiters, visits.

The start-ups are made-up demo companies; the press only says "promising AI start-ups".
Loading again creates only what is missing: a booth that exists keeps the
organisers' edits, companies and consultation slots.
"""

from __future__ import annotations

import datetime
import random

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from events.enums import OrganizationKind
from events.models import Event, Organization
from registration.demo_accounts import DEMO_EVENT_SLUG, DEMO_PASSWORD
from registration.enums import DayStatus
from registration.models import RegistrationDay

from . import services
from .models import Booth, BoothStaff, ConsultationSlot, JobOpening, TechDemo, Visit

LG_AFFILIATES = [
    "LG AI Research", "LG Electronics", "LG Display", "LG Innotek", "LG Energy Solution", "LG H&H", "LG U+", "LG CNS",
]  # fmt: skip
STARTUPS = [("딥러닝웍스", "DeepLearning Works"), ("에이아이메딕", "AI Medic Labs"), ("로보틱스원", "Robotics One")]

# Where in the hall, in Korean and English.
CENTRE, EAST, WEST, START_UPS = (
    ("중앙", "Centre"),
    ("동쪽", "East side"),
    ("서쪽", "West side"),
    ("스타트업 존", "Start-up zone"),
)
TECHNOLOGIES = {
    "A01": ["language_models", "vision", "edge_ai", "semiconductors"],
    "B01": ["semiconductors", "vision", "edge_ai"],
    "B02": ["language_models", "recommendation", "speech"],
    "B03": ["language_models", "mlops"],
    "B04": ["vision", "language_models"],
    "C01": ["mlops", "vision"],
    "C02": ["healthcare", "vision"],
    "C03": ["robotics", "vision"],
}

BOOTHS = [
    # number, Korean name, English name, hall position, companies, demos [(ko, en)], jobs [(title, team)]
    ("A01", "LG 통합 부스", "LG integrated booth", CENTRE, LG_AFFILIATES,
     [("초거대 멀티모달 AI 엑사원(EXAONE)", "EXAONE, a very large multimodal AI model"),
      ("AI를 적용한 엣지 컴퓨팅", "AI for edge computing"),
      ("AI가 설계하는 디스플레이 패널과 회로", "AI that designs display panels and circuits")],
     [("AI Research Scientist", "LG AI Research"), ("Vision AI Engineer", "LG Electronics"),
      ("Display AI Engineer", "LG Display")]),
    ("B01", "삼성전자", "Samsung Electronics", EAST, ["Samsung Electronics"], [],
     [("AI Researcher", "Samsung Research")]),
    ("B02", "네이버", "NAVER", EAST, ["NAVER"], [], [("AI Lab Researcher", "NAVER AI Lab")]),
    ("B03", "KT", "KT", WEST, ["KT"], [], [("AI Engineer", "KT AI2XL")]),
    ("B04", "카카오브레인", "Kakao Brain", WEST, ["Kakao Brain"], [], [("ML Engineer", "Kakao Brain")]),
    *[
        (f"C0{index + 1}", name_ko, name_en, START_UPS, [name_en], [], [("ML Engineer", name_en)])
        for index, (name_ko, name_en) in enumerate(STARTUPS)
    ],
]  # fmt: skip


def _staff_account(email: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email, password=DEMO_PASSWORD)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def load(*, start_date: datetime.date) -> None:
    event = Event.objects.get(slug=DEMO_EVENT_SLUG)
    for name_ko, name_en in STARTUPS:
        Organization.objects.get_or_create(
            name_en=name_en, defaults={"name_ko": name_ko, "kind": OrganizationKind.STARTUP}
        )
    zone = event.zone
    for number, name_ko, name_en, position, companies, demos, jobs in BOOTHS:
        booth, created = Booth.objects.get_or_create(
            event=event,
            number=number,
            defaults={"name_ko": name_ko, "name_en": name_en, "hall_ko": "코엑스 A홀", "hall": "COEX Hall A",
                      "position_ko": position[0], "position": position[1],
                      "technologies": TECHNOLOGIES.get(number, []), "is_published": True},
        )  # fmt: skip
        if not created:
            continue  # an existing booth is the organisers' and its staff's now
        booth.companies.set(Organization.objects.filter(name_en__in=companies))
        for title_ko, title_en in demos:
            TechDemo.objects.create(booth=booth, title_en=title_en, title_ko=title_ko)
        for title, team in jobs:
            JobOpening.objects.create(booth=booth, title=title, team=team)
        staff_email = "booth@example.org" if number == "A01" else f"staff-{number.lower()}@example.org"
        BoothStaff.objects.create(booth=booth, email=staff_email, user=_staff_account(staff_email), role="manager")
        for day in event.days:
            for minutes in range(0, 240, 30):
                starts = datetime.datetime.combine(day, datetime.time(13, 0), tzinfo=zone) + datetime.timedelta(
                    minutes=minutes
                )
                ConsultationSlot.objects.create(
                    booth=booth, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=25)
                )
    _load_visits(event)


def _load_visits(event: Event) -> None:
    """A few hundred visits spread over both days, through the real service, made once."""
    if Visit.objects.filter(booth__event=event).exists():
        return
    rng = random.Random(818)  # noqa: S311 - demo data, deterministic on purpose
    booths = list(Booth.objects.filter(event=event).order_by("number"))
    zone = event.zone
    entries = list(
        RegistrationDay.objects.filter(
            day__event=event, status=DayStatus.CONFIRMED, registration__cancelled_at__isnull=True
        )
        .select_related("registration", "day")
        .order_by("registration_id", "day__date")
    )
    for entry in entries:
        for booth in rng.sample(booths, k=rng.choice([0, 0, 1, 1, 2])):
            minutes = rng.randint(0, 8 * 60)
            scanned = datetime.datetime.combine(entry.day.date, datetime.time(10, 0), tzinfo=zone)
            services.record_visit(
                booth=booth,
                badge_code=entry.registration.badge_code,
                nonce=f"demo-{booth.pk}-{entry.pk}",
                scanned_at=scanned + datetime.timedelta(minutes=minutes),
            )
