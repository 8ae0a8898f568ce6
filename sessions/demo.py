"""The programme's part of the demo: the 2022 programme from the press coverage.

Day 1 follows the press: opening, the AI Graduate School Challenge awards, the
keynote by Honglak Lee, the afternoon panel and three industry case talks. The
press gives no day-2 schedule, so day 2 is a plausible one: the 16 graduate
schools present their research in four parallel rooms.

Loading again only creates what is missing and never changes an existing row;
the sessions are made once, with the programme, so a session an organiser moved
or removed is never put back over another one.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from events.models import Event, Organization
from registration.demo_accounts import DEMO_EVENT_SLUG

from .enums import SessionKind, SpeakerRole
from .models import ProgrammeSession, Room, SessionSpeaker, Speaker, Track

ROOMS = [
    # (Korean name, English name, hall, capacity)
    ("그랜드볼룸", "Grand Ballroom", "COEX 1F", 1000),
    ("전시홀", "Exhibition hall", "COEX 1F", 600),
    ("301호", "Room 301", "COEX 3F", 150),
    ("302호", "Room 302", "COEX 3F", 150),
    ("303호", "Room 303", "COEX 3F", 150),
    ("304호", "Room 304", "COEX 3F", 150),
]

TRACKS = [
    ("본행사", "Main stage", "#0b4f8a"),
    ("산학협력", "Industry", "#6a1b9a"),
    ("연구 성과", "Research", "#2e7d32"),
]

SPEAKERS = {
    # key: (Korean name, English name, Korean title, English title, organisation (English name))
    "honglak": ("이홍락", "Honglak Lee", "LG AI연구원 CSAI, 미시간대 교수",
                "Chief Scientist of AI, LG AI Research; professor, University of Michigan", "LG AI Research"),
    "jeehyong": ("이지형", "Jee-Hyong Lee", "성균관대 AI대학원장", "Dean, SKKU AI Graduate School",
                 "Sungkyunkwan University"),
    "jaesik": ("최재식", "Jaesik Choi", "KAIST 교수", "Professor, KAIST", "KAIST"),
    "giltae": ("송길태", "Giltae Song", "부산대 교수", "Professor, Pusan National University",
               "Pusan National University"),
    "okgee": ("민옥기", "Okgee Min", "ETRI 본부장", "Division head, ETRI", "ETRI"),
    "sehoon": ("김세훈", "Sehoon Kim", "카카오브레인 그룹장", "Group lead, Kakao Brain", "Kakao Brain"),
    "seunghwan": ("김승환", "Seunghwan Kim", "LG AI연구원 비전랩장", "Head of the Vision Lab, LG AI Research",
                  "LG AI Research"),
    "jungwoo": ("하정우", "Jung-Woo Ha", "네이버 AI Lab 소장", "Head of NAVER AI Lab", "NAVER"),
    "jungi": ("최준기", "Jungi Choi", "KT 본부장", "Division head, KT", "KT"),
    "wonseok": ("허원석", "Wonseok Heo", "과기정통부 소프트웨어정책관", "Director of software policy, MSIT",
                "Ministry of Science and ICT"),
}  # fmt: skip

# (day index, start, end, room, track, kind, Korean title, English title, speakers [(key, role)], seat limit)
DAY_ONE = [
    (0, "09:30", "10:00", "Grand Ballroom", "Main stage", SessionKind.OPENING, "개회식", "Opening ceremony",
     [("wonseok", SpeakerRole.SPEAKER)], None),
    (0, "10:00", "10:30", "Grand Ballroom", "Main stage", SessionKind.AWARD_CEREMONY,
     "인공지능대학원 챌린지 시상식", "AI Graduate School Challenge award ceremony", [], None),
    (0, "10:30", "11:30", "Grand Ballroom", "Main stage", SessionKind.KEYNOTE,
     "인간을 돕는 조력자로 복잡한 업무를 수행하는 AI 에이전트 개발을 위한 학습 방법",
     "Learning methods for AI agents that carry out complex tasks as helpers to humans",
     [("honglak", SpeakerRole.SPEAKER)], None),
    (0, "11:30", "13:00", "Exhibition hall", None, SessionKind.BREAK, "점심 및 부스 관람", "Lunch and booths", [], None),
    (0, "13:00", "14:30", "Grand Ballroom", "Main stage", SessionKind.PANEL,
     "글로벌 AI 리더가 되기 위한 전략 방안", "Strategies to become a global AI leader",
     [("jeehyong", SpeakerRole.MODERATOR), ("jaesik", SpeakerRole.PANELIST), ("giltae", SpeakerRole.PANELIST),
      ("okgee", SpeakerRole.PANELIST), ("sehoon", SpeakerRole.PANELIST)], None),
    (0, "14:30", "14:50", "Exhibition hall", None, SessionKind.BREAK, "휴식", "Break", [], None),
    (0, "14:50", "15:20", "Grand Ballroom", "Industry", SessionKind.CASE_TALK,
     "산학협력 우수 사례: LG AI연구원", "Industry-academia case: LG AI Research", [("seunghwan", SpeakerRole.SPEAKER)], None),
    (0, "15:20", "15:50", "Grand Ballroom", "Industry", SessionKind.CASE_TALK,
     "산학협력 우수 사례: 네이버", "Industry-academia case: NAVER", [("jungwoo", SpeakerRole.SPEAKER)], None),
    (0, "15:50", "16:20", "Grand Ballroom", "Industry", SessionKind.CASE_TALK,
     "산학협력 우수 사례: KT", "Industry-academia case: KT", [("jungi", SpeakerRole.SPEAKER)], None),
    (0, "16:30", "18:00", "Exhibition hall", "Industry", SessionKind.NETWORKING,
     "채용 상담 및 기술 시연", "Recruiting consultations and technology demos", [], None),
]  # fmt: skip

DAY_TWO_SLOTS = [("10:00", "10:50"), ("11:00", "11:50"), ("13:30", "14:20"), ("14:30", "15:20")]
DAY_TWO_ROOMS = ["Room 301", "Room 302", "Room 303", "Room 304"]
DAY_TWO_EXTRA = [
    (1, "12:00", "13:00", "Room 301", "Main stage", SessionKind.NETWORKING,
     "기조연사와의 소규모 대화 (사전 예약)", "Small-group conversation with the keynote speaker (reserve a seat)",
     [("honglak", SpeakerRole.SPEAKER)], 30),
    (1, "15:30", "17:00", "Exhibition hall", "Research", SessionKind.POSTER,
     "인공지능대학원 연구 포스터 세션", "AI graduate schools' poster session", [], None),
]  # fmt: skip


ABSTRACTS = {
    "Learning methods for AI agents that carry out complex tasks as helpers to humans": {
        "abstract_ko": (
            "복잡한 업무를 이루는 단순한 작업들을 순차적으로 조합하도록 학습할 때, 작업 사이의 연관·의존 "
            "관계를 이해하면 처음 접하는 상황에서도 스스로 계획을 세워 업무를 수행할 수 있습니다. 위험한 "
            "일을 대신하는 로봇부터 가상 환경의 비서까지, 어떤 환경에서도 일반화된 성능을 보이는 AI 에이전트를 "
            "향한 연구를 소개합니다."
        ),
        "abstract_en": (
            "An agent that learns complex tasks as sequences of simple ones, and understands how those steps depend "
            "on each other, can plan and act on its own in situations it has never seen. The talk presents research "
            "towards AI agents that generalise across environments, from robots taking on dangerous physical work to "
            "assistants in virtual ones."
        ),
    },
}


def _at(event: Event, day_index: int, clock: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(event.days[day_index], datetime.time(hour, minute), tzinfo=event.zone)


def _programme_rows(event: Event) -> list[tuple]:
    schools = list(Organization.objects.filter(is_ai_graduate_school=True).order_by("name_en"))
    rows = list(DAY_ONE)
    for index, school in enumerate(schools[:16]):
        start, end = DAY_TWO_SLOTS[index // 4]
        rows.append(
            (1, start, end, DAY_TWO_ROOMS[index % 4], "Research", SessionKind.RESEARCH_PRESENTATION,
             f"{school.name_ko} 인공지능대학원 연구 성과", f"Research results of {school.name_en}", [], None)
        )  # fmt: skip
    return rows + DAY_TWO_EXTRA


@transaction.atomic
def load(*, start_date: datetime.date) -> None:
    event = Event.objects.get(slug=DEMO_EVENT_SLUG)
    rooms = {}
    for order, (name_ko, name_en, hall, capacity) in enumerate(ROOMS):
        rooms[name_en], _created = Room.objects.get_or_create(
            event=event,
            name_en=name_en,
            defaults={"name_ko": name_ko, "hall": hall, "capacity": capacity, "order": order},
        )
    tracks = {}
    for order, (name_ko, name_en, colour) in enumerate(TRACKS):
        tracks[name_en], _created = Track.objects.get_or_create(
            event=event, name_en=name_en, defaults={"name_ko": name_ko, "colour": colour, "order": order}
        )
    speakers = {}
    for key, (name_ko, name_en, title_ko, title_en, organisation) in SPEAKERS.items():
        speakers[key], _created = Speaker.objects.get_or_create(
            event=event,
            name_en=name_en,
            defaults={
                "name_ko": name_ko,
                "title_ko": title_ko,
                "title_en": title_en,
                "organization": Organization.objects.filter(name_en=organisation).first(),
            },
        )
    if ProgrammeSession.objects.filter(event=event).exists():
        return
    for day, start, end, room, track, kind, title_ko, title_en, roles, seat_limit in _programme_rows(event):
        session = ProgrammeSession.objects.create(
            event=event,
            title_en=title_en,
            kind=kind,
            title_ko=title_ko,
            starts_at=_at(event, day, start),
            ends_at=_at(event, day, end),
            room=rooms[room],
            track=tracks.get(track),
            language="ko",
            seat_limit=seat_limit,
            is_published=True,
            **ABSTRACTS.get(title_en, {}),
        )
        for order, (key, role) in enumerate(roles):
            SessionSpeaker.objects.create(session=session, speaker=speakers[key], role=role, order=order)
