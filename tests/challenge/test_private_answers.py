"""The private part of the answer key, and the private scores computed from it, reach nobody early.

Scored submissions with distinctive private scores are made as the scorer leaves them; then every
challenge page, every admin page and export a challenge team member (and a superuser) can reach
from the admin's challenge section, and every API response under the challenge is fetched, as
anonymous, a participant, the challenge team and a superuser, following the links on each page.
Before the results are published no response holds a private score; the private answers never
appear, also after the publication (when the private scores do: that is the final ranking).
"""

from __future__ import annotations

import datetime
import html
import io
import re
import zipfile
from collections import deque

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from challenge.enums import Metric
from challenge.services import publish_results
from events.enums import Area
from tests.challenge.results_world import make_challenge, make_team, member, scored
from tests.factories.events import OrganiserFactory, TeamFactory, team_member
from tests.factories.registration import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

# The private scores, however a page rounds them (0.123456 → 0.12346, 0.1235, 0.123…).
PRIVATE_SCORES = re.compile(r"(?<![\d])0[.,](?:1234|1235|6543)")
# Values only the private rows of the answer key hold; no response ever shows them.
PRIVATE_ANSWERS = re.compile(r"31[.,]4159|27[.,]1828|private-row-")
ANSWER_KEY = (
    "id,answer,usage\n"
    "public-row-1,1.5,public\n"
    "public-row-2,2.5,public\n"
    "private-row-1,31.41592,private\n"
    "private-row-2,27.18281,private\n"
)
MAX_PAGES = 400
SKIPPED = re.compile(r"/(logout|delete)/|/accounts/|/i18n/|/language/|_popup=|/admin/r/|\.(css|js|svg|png|ico)$")


def _world():
    event = EventFactory(organiser=OrganiserFactory())
    challenge = make_challenge(event=event, metric=Metric.RMSE)
    phase = challenge.phases.get()
    phase.answer_key.save("answers.csv", ContentFile(ANSWER_KEY.encode()), save=False)
    phase.answer_rows, phase.public_answer_rows = 4, 2
    phase.save()
    participant, other = member(), member()
    mine, theirs = make_team(challenge, members=[participant]), make_team(challenge, members=[other])
    start = phase.opens_at
    scored(mine, phase, public=0.91, private=0.123456, at=start + datetime.timedelta(hours=1), final=True)
    scored(mine, phase, public=0.92, private=0.123501, at=start + datetime.timedelta(hours=2))
    scored(theirs, phase, public=0.95, private=0.654321, at=start + datetime.timedelta(hours=3))
    challenge_team = TeamFactory(organiser=event.organiser, areas=[Area.CHALLENGE], events=[event])
    people = {
        "anonymous": None,
        "participant": participant,
        "challenge_team": team_member(team=challenge_team),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    return challenge, people


def _seeds(challenge) -> list[str]:
    """Every URL of the challenge's patterns, the admin's challenge section and the API, with the world's ids."""
    values = {"event_slug": challenge.event.slug}
    phase = challenge.phases.get()
    team = challenge.teams.order_by("pk").first()
    submission = phase.submissions.order_by("pk").first()
    values |= {"phase_id": phase.pk, "team_id": team.pk, "submission_id": submission.pk, "challenge_id": challenge.pk}
    seeds = [f"/{challenge.event.slug}/challenge/", "/admin/", "/admin/challenge/", "/api/openapi.json"]

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    for route in walk(get_resolver().url_patterns):
        if not ("challenge" in route and (route.startswith(("<slug:event_slug>/challenge", "api/")))):
            continue
        path = route
        for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
            if name not in values:
                break
            path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
        else:
            seeds.append("/" + path)
    return seeds


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an Excel export: its sheets are zipped XML
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return html.unescape(content.decode("utf-8", errors="replace"))


def _links(text: str) -> list[str]:
    return [html.unescape(link) for link in re.findall(r'(?:href|action)="([^"#]+)', text)]


def _in_scope(path: str, slug: str) -> bool:
    return path.startswith((f"/{slug}/challenge/", "/admin/challenge/", "/api/")) or path in ("/admin/",)


def _export_actions(client, path: str, text: str) -> list[tuple[str, str]]:
    """A changelist's export actions, posted with every row selected: (what, response text)."""
    select = re.search(r'<select name="action"[^>]*>(.*?)</select>', text, re.S)
    if not select:
        return []
    ids = re.findall(r'name="_selected_action" value="(\d+)"', text)
    answers = []
    for action in re.findall(r'<option value="([^"]+)"', select[1]):
        if any(word in action for word in ("export", "csv", "xlsx", "download")):
            response = client.post(path, {"action": action, "_selected_action": ids, "index": "0"})
            answers.append((f"POST {path} {action}", _text(response)))
    return answers


def _crawl(client, seeds: list[str], slug: str) -> dict[str, str]:
    """{what was fetched: its text}, following in-scope links breadth first from the seeds."""
    seen, queue, texts = set(), deque(seeds), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or SKIPPED.search(path):
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and _in_scope(target.split("?")[0], slug):
                queue.append(target)
            continue
        text = _text(response)
        texts[f"GET {path}"] = text
        if "/admin/challenge/" in path:
            texts |= dict(_export_actions(client, path, text))
        for link in _links(text):
            if link.startswith("?"):
                link = path.split("?")[0] + link
            if link.startswith("/") and _in_scope(link.split("?")[0], slug):
                queue.append(link)
    return texts


def _leaks(texts: dict[str, str], pattern: re.Pattern) -> dict[str, list[str]]:
    return {what: pattern.findall(text) for what, text in texts.items() if pattern.search(text)}


def test_private_scores_and_answers_reach_no_page_export_or_api_before_publication():
    challenge, people = _world()
    seeds = _seeds(challenge)
    fetched = {}
    for role, person in people.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        texts = _crawl(client, seeds, challenge.event.slug)
        fetched[role] = len(texts)

        assert _leaks(texts, PRIVATE_SCORES) == {}, role
        assert _leaks(texts, PRIVATE_ANSWERS) == {}, role

    # The crawl saw the leaderboard and, for the staff, the admin's challenge section.
    assert all(count >= 2 for count in fetched.values()), fetched
    assert fetched["challenge_team"] > fetched["anonymous"]


def test_private_answers_reach_nobody_after_publication_while_the_final_ranking_shows_its_scores():
    challenge, people = _world()
    publish_results(challenge=challenge)
    seeds = _seeds(challenge)
    for role, person in people.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        texts = _crawl(client, seeds, challenge.event.slug)

        assert _leaks(texts, PRIVATE_ANSWERS) == {}, role
    board = Client(headers={"accept-language": "en"}).get(f"/{challenge.event.slug}/challenge/leaderboard/")
    assert PRIVATE_SCORES.findall(_text(board)) == ["0.1234", "0.6543"]
