"""The challenge in the admin, clicked in Chromium by an organiser and by members of the event's teams.

Every action and custom view of challenge/admin.py is exercised here on lists with rows
(tests/e2e/test_admin_in_browser.py counts them as covered). The answer key is uploaded and
never handed back; the private score stays hidden until the results are published.
"""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from challenge.enums import SubmissionStatus
from challenge.models import Challenge, DataFile, Submission, TalentPoolConsent, TermsAcceptance
from challenge.selectors import submission_failure_message
from events.enums import Area
from tests.conftest import wait_for
from tests.e2e.conftest import sign_in_to_admin
from tests.factories import challenge_ops as make
from tests.factories.events import OrganiserFactory, TeamFactory, team_member
from tests.factories.registration import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER_KEY = b"id,answer,usage\n1,1,public\n2,0,public\n3,1,private\n4,0,private\n5,1,private\n"


def ko(text: str, **values) -> str:
    with translation.override("ko"):
        return gettext(text) % values if values else gettext(text)


def ko_plural(singular: str, plural: str, count: int) -> str:
    with translation.override("ko"):
        return ngettext(singular, plural, count) % {"count": count}


@pytest.fixture
def admin_page(browser, live_server):
    UserFactory(email="organiser@example.org", is_staff=True, is_superuser=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_to_admin(page, live_server.url, "organiser@example.org", "correct horse battery")
    yield page
    context.close()


def _run_action(page, base: str, rows, action: str) -> None:
    page.goto(f"{base}/admin/challenge/submission/")
    for row in rows:
        page.locator(f"input.action-select[value='{row.pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("#changelist-form button[name=index]").click()


def _scored_rows():
    challenge = make.challenge()
    phase = make.phase(challenge=challenge)
    teams = [make.team(challenge=challenge, name=f"팀 {name}", members=[make.member()]) for name in ("가", "나")]
    first = make.submission(team=teams[0], phase=phase, public=0.91, private=0.87, original_name="first.csv")
    second = make.submission(team=teams[1], phase=phase, public=0.75, private=0.99, original_name="second.csv")
    return challenge, phase, first, second


def test_organiser_scores_submissions_again(admin_page, live_server):
    _challenge, _phase, first, second = _scored_rows()

    _run_action(admin_page, live_server.url, [first, second], "rescore")

    expect(admin_page.locator("ul.messagelist li").first).to_have_text(
        ko_plural(
            "%(count)d submission queued for scoring again.", "%(count)d submissions queued for scoring again.", 2
        )
    )
    row = admin_page.locator("#result_list tbody tr", has_text="first.csv")
    expect(row.locator("td.field-status_label")).to_have_text(ko("Queued"))
    expect(row.locator("td.field-public_score")).to_have_text("-")
    for submission in (first, second):
        submission.refresh_from_db()
        assert (submission.status, submission.public_score, submission.private_score) == ("queued", None, None)


def test_a_failed_submission_past_the_teams_limit_stays_failed_when_scored_again(admin_page, live_server):
    challenge = make.challenge()
    phase = make.phase(challenge=challenge, daily_submission_limit=1, total_submission_limit=1)
    team = make.team(challenge=challenge, members=[make.member()])
    failed = make.submission(team=team, phase=phase, status=SubmissionStatus.FAILED, original_name="failed.csv")
    make.submission(team=team, phase=phase, original_name="counted.csv")

    _run_action(admin_page, live_server.url, [failed], "rescore")

    expect(admin_page.locator("ul.messagelist li.warning")).to_have_text(
        ko_plural(
            "%(count)d submission was left failed: its team has no submissions left in the phase.",
            "%(count)d submissions were left failed: their teams have no submissions left in the phase.",
            1,
        )
    )
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_organiser_disqualifies_a_submission_with_a_reason(admin_page, live_server):
    _challenge, _phase, first, second = _scored_rows()

    _run_action(admin_page, live_server.url, [first], "mark_failed")
    expect(admin_page.locator("[data-disqualified] li")).to_have_count(1)
    admin_page.get_by_label(ko("Why (the team sees this)")).fill("외부 데이터 사용 (규칙 4조)")
    admin_page.locator("#content-main form [type=submit]").click()

    expect(admin_page.locator("ul.messagelist li").first).to_have_text(
        ko_plural(
            "%(count)d submission marked failed; its team sees the reason.",
            "%(count)d submissions marked failed; their teams see the reason.",
            1,
        )
    )
    expect(
        admin_page.locator("#result_list tbody tr", has_text="first.csv").locator("td.field-status_label")
    ).to_have_text(ko("Failed"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.public_score) == ("failed", None)
    with translation.override("en"):
        assert submission_failure_message(first) == "Disqualified by the organisers: 외부 데이터 사용 (규칙 4조)"
    assert second.status == "scored"

    # Scoring both again (after a new answer key, say) leaves the disqualification standing.
    _run_action(admin_page, live_server.url, [first, second], "rescore")
    expect(admin_page.locator("ul.messagelist")).to_contain_text(
        ko_plural(
            "%(count)d disqualified submission stays disqualified: scoring again does not undo it.",
            "%(count)d disqualified submissions stay disqualified: scoring again does not undo it.",
            1,
        )
    )
    first.refresh_from_db()
    assert first.status == "failed"
    assert wait_for(lambda: Submission.objects.get(pk=second.pk).status != "scored", what="the rescore")


def test_the_private_score_shows_only_once_the_results_are_published(admin_page, live_server):
    challenge, _phase, first, _second = _scored_rows()
    page = admin_page

    page.goto(f"{live_server.url}/admin/challenge/submission/")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    expect(page.locator("#result_list")).not_to_contain_text("0.87")
    expect(page.locator("th.column-private_score")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/challenge/submission/{first.pk}/change/")
    expect(page.locator("#content")).to_contain_text("0.91")
    expect(page.locator("#content")).not_to_contain_text("0.87")

    Challenge.objects.filter(pk=challenge.pk).update(results_published_at=timezone.now())
    page.goto(f"{live_server.url}/admin/challenge/submission/")
    expect(page.locator("th.column-private_score")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("0.87")
    page.goto(f"{live_server.url}/admin/challenge/submission/{first.pk}/change/")
    expect(page.locator("#content")).to_contain_text("0.87")


def test_organiser_uploads_an_answer_key_and_never_gets_it_back(admin_page, live_server):
    challenge = make.challenge()
    phase = make.phase(challenge=challenge)
    page = admin_page

    page.goto(f"{live_server.url}/admin/challenge/challenge/{challenge.pk}/change/")
    page.get_by_role("link", name=ko("Upload the answer key")).click()
    page.get_by_label(ko("Answer key (CSV)")).set_input_files(
        {"name": "key.csv", "mimeType": "text/csv", "buffer": b"id,answer,usage\n1,1,secret\n"}
    )
    page.locator("#content-main form [type=submit]").click()
    expect(page.locator(".errorlist")).to_have_text(
        ko("Line %(line)d: the usage “%(usage)s” is neither “public” nor “private”.", line=2, usage="secret")
    )

    page.get_by_label(ko("Answer key (CSV)")).set_input_files(
        {"name": "key.csv", "mimeType": "text/csv", "buffer": ANSWER_KEY}
    )
    page.locator("#content-main form [type=submit]").click()

    expect(page.locator("ul.messagelist li.success")).to_have_text(
        ko(
            "Answer key of %(phase)s saved: %(public)d public rows, %(private)d private rows.",
            phase=phase.name_ko,
            public=2,
            private=3,
        )
    )
    page.wait_for_url(f"{live_server.url}/admin/challenge/challenge/{challenge.pk}/change/")
    summary = page.locator("td.field-answer_key_summary, div.field-answer_key_summary").first
    expect(summary).to_contain_text(hashlib.sha256(ANSWER_KEY).hexdigest())
    expect(summary).to_contain_text(
        ko("%(rows)d rows: %(public)d public, %(private)d private", rows=5, public=2, private=3)
    )
    phase.refresh_from_db()
    assert (phase.answer_rows, phase.public_answer_rows) == (5, 2)
    stored = phase.answer_key.name
    html = page.content()
    assert stored not in html and "answer-keys/" not in html  # no link, not even the stored name


def test_a_data_file_uploaded_inline_gets_its_size_and_checksum(admin_page, live_server):
    challenge = make.challenge()
    data = b"id,antigen,antibody,label\n1,AAA,BBB,1\n"
    page = admin_page

    page.goto(f"{live_server.url}/admin/challenge/challenge/{challenge.pk}/change/")
    group = page.locator("#data_files-group")
    group.get_by_role("link", name=ko("Add another %(verbose_name)s", verbose_name=ko("data file"))).click()
    page.locator("select[name='data_files-0-kind']").select_option("training")
    page.fill("input[name='data_files-0-title_ko']", "학습 데이터")
    page.fill("input[name='data_files-0-title_en']", "Training data")
    page.locator("input[name='data_files-0-file']").set_input_files(
        {"name": "train.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.locator("button[name=_continue]").first.click()

    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    data_file = wait_for(lambda: DataFile.objects.filter(challenge=challenge).first(), what="the data file")
    assert (data_file.size, data_file.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    expect(page.locator("#data_files-group")).to_contain_text(data_file.sha256)
    assert "data/train" not in page.content()  # the stored file has no link here


def test_terms_acceptances_and_talent_pool_consents_are_read_only(admin_page, live_server):
    challenge = make.challenge()
    person = make.member()
    acceptance = TermsAcceptance.objects.create(challenge=challenge, user=person, version="1")
    consent = TalentPoolConsent.objects.create(
        challenge=challenge, user=person, granted=True, text_version="1", company_name="LG AI Research"
    )
    page = admin_page

    for model, row in ((TermsAcceptance, acceptance), (TalentPoolConsent, consent)):
        base = f"{live_server.url}/admin/challenge/{model._meta.model_name}/"
        page.goto(base)
        expect(page.locator("#result_list tbody tr")).to_have_count(1)
        expect(page.locator("select[name=action]")).to_have_count(0)  # nothing to delete
        page.goto(f"{base}{row.pk}/change/")
        expect(page.locator("[name=_save]")).to_have_count(0)
        assert page.goto(f"{base}add/").status == 403


def test_only_the_challenge_team_of_the_event_sees_its_challenge(browser, live_server):
    hosts = OrganiserFactory()
    ours, theirs = EventFactory(organiser=hosts), EventFactory()
    our_challenge = make.challenge(event=ours, title_ko="우리 챌린지")
    make.challenge(event=theirs, title_ko="남의 챌린지")
    challenge_team = TeamFactory(areas=[Area.CHALLENGE], events=[ours], organiser=hosts)
    programme_team = TeamFactory(areas=[Area.PROGRAMME], events=[ours], organiser=hosts)
    team_member(team=challenge_team, email="challenge-team@example.org")
    team_member(team=programme_team, email="programme-team@example.org")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    sign_in_to_admin(page, live_server.url, "challenge-team@example.org", "correct horse battery")
    page.goto(f"{live_server.url}/admin/challenge/challenge/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("우리 챌린지")
    assert page.goto(f"{live_server.url}/admin/challenge/challenge/{our_challenge.pk}/change/").status == 200
    # The team saves its challenge: the data provider (a shared organisation) is among its choices.
    expect(page.locator("select[name=data_provider] option:checked")).to_have_text(our_challenge.data_provider.name)
    page.fill("input[name=title_ko]", "우리 챌린지 2")
    page.locator("button[name=_continue]").first.click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert wait_for(
        lambda: Challenge.objects.filter(pk=our_challenge.pk, title_ko="우리 챌린지 2").exists(), what="save"
    )
    other = Challenge.objects.get(title_ko="남의 챌린지")
    assert page.goto(f"{live_server.url}/admin/challenge/challenge/{other.pk}/change/").status == 403
    context.clear_cookies()

    sign_in_to_admin(page, live_server.url, "programme-team@example.org", "correct horse battery")
    assert page.goto(f"{live_server.url}/admin/challenge/challenge/").status == 403
    assert page.goto(f"{live_server.url}/admin/challenge/submission/").status == 403
    assert page.goto(f"{live_server.url}/admin/challenge/challenge/{our_challenge.pk}/change/").status == 403
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#content")).not_to_contain_text(ko("AI Graduate School Challenge"))
    context.close()


def test_team_members_are_edited_inline_and_invitations_only_shown(admin_page, live_server):
    challenge = make.challenge(max_team_size=2)
    captain, mate, outsider = make.member(), make.member(), make.member(email="outsider@example.org")
    team = make.team(challenge=challenge, name="CVML", members=[captain, mate])
    team.invitations.create(email="invited@example.org", invited_by=captain)
    page = admin_page

    page.goto(f"{live_server.url}/admin/challenge/challengeteam/")
    expect(page.locator("#result_list tbody tr", has_text="CVML").locator("td.field-member_count")).to_have_text("2")
    page.goto(f"{live_server.url}/admin/challenge/challengeteam/{team.pk}/change/")
    expect(page.locator("#invitations-group")).to_contain_text("invited@example.org")
    expect(page.locator("#invitations-group input[name$='-email']")).to_have_count(0)
    page.locator("#members-group").get_by_role(
        "link", name=ko("Add another %(verbose_name)s", verbose_name=ko("team member"))
    ).click()
    page.fill("input[name='members-2-user']", str(outsider.pk))
    page.locator("button[name=_continue]").first.click()

    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("#content")).to_contain_text(
        ko("A team of this challenge has at most %(count)d members.", count=2)
    )
    assert team.members.count() == 2


def test_organiser_picks_the_award_ceremony_session_from_the_events_programme(admin_page, live_server):
    from tests.factories.programme import ProgrammeSessionFactory  # noqa: PLC0415 -- only this test needs sessions

    challenge = make.challenge()
    opening = ProgrammeSessionFactory(event=challenge.event, kind="opening", title_ko="개회식", title_en="Opening")
    ProgrammeSessionFactory(event=challenge.event, kind="keynote", title_ko="기조강연", title_en="Keynote")
    elsewhere = ProgrammeSessionFactory(title_ko="다른 행사의 개회식", title_en="Another event's opening")
    page = admin_page

    page.goto(f"{live_server.url}/admin/challenge/challenge/{challenge.pk}/change/")
    choice = page.locator("select[name=award_session_id]")
    offered = choice.locator("option").all_inner_texts()
    choice.select_option(str(opening.pk))
    page.locator("button[name=_continue]").first.click()

    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert wait_for(lambda: Challenge.objects.get(pk=challenge.pk).award_session_id, what="the choice") == opening.pk
    assert any("개회식" in label for label in offered)
    assert not any(elsewhere.title_ko in label for label in offered)
    expect(page.locator("select[name=award_session_id]")).to_have_value(str(opening.pk))
