"""Teams of the challenge as their members meet them: creating, inviting by email, accepting, leaving, the terms.

Most tests drive the pages with Django's test client, in Korean (the site's default) or English, and check
what the person reads; the database's own rules (one team per person, the team's size) are the last word.
"""

from __future__ import annotations

import datetime
import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from challenge import services
from challenge.models import ChallengeTeam, Submission, TeamInvitation, TeamMember, TermsAcceptance
from mail.models import OutboundEmail
from tests.concurrency import run_in_parallel
from tests.conftest import wait_for
from tests.factories.challenge import ChallengeFactory, DataFileFactory, PhaseFactory, graduate_school, student
from tests.factories.registration import EventDayFactory, EventFactory, attendee

pytestmark = pytest.mark.django_db

INVITATION_LINK = re.compile(r"https?://\S+/challenge/invitations/[\w-]+/")


@pytest.fixture
def challenge():
    event = EventFactory(slug="aigs")
    EventDayFactory(event=event)
    return ChallengeFactory(event=event, max_team_size=3)


@pytest.fixture
def school():
    return graduate_school(name_ko="중앙대학교 AI대학원", name_en="Chung-Ang University GSAI")


def _client(user=None, language="ko") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["symposium_language"] = language
    return client


def _texts(response, selector_class="errorlist") -> list[str]:
    page = response.content.decode()
    blocks = re.findall(rf'<ul class="{selector_class}[^"]*"[^>]*>(.*?)</ul>', page, flags=re.S)
    items = [item for block in blocks for item in re.findall(r"<li>(.*?)</li>", block, re.S)]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def _team(challenge, school, *, name="CVML"):
    captain = student(event=challenge.event, school=school)
    return services.create_team(challenge=challenge, user=captain, name=name), captain


# --- creating a team ------------------------------------------------------------------------------


def test_create_team_makes_the_student_captain_of_a_team_of_their_school(challenge, school):
    captain = student(event=challenge.event, school=school)

    response = _client(captain).post("/aigs/challenge/team/new/", {"name": "  CVML  "})

    assert response.status_code == 302
    assert response["Location"] == "/aigs/challenge/team/"
    team = ChallengeTeam.objects.get(challenge=challenge)
    assert (team.name, team.graduate_school_id) == ("CVML", school.pk)
    assert list(team.members.values_list("user_id", "role")) == [(captain.pk, "captain")]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", "먼저 행사에 등록해 주세요. 팀에는 행사에 등록한 참가자만 참여할 수 있습니다."),
        ("en", "Register for the event first: teams are for registered attendees."),
    ],
)
def test_create_team_requires_a_registration_for_the_event(challenge, school, language, message):
    unregistered = attendee(event=challenge.event, category="student", graduate_school=school)

    response = _client(unregistered, language).post("/aigs/challenge/team/new/", {"name": "CVML"})

    assert response.status_code == 400
    assert _texts(response) == [message]
    assert ChallengeTeam.objects.count() == 0


def test_create_team_requires_a_graduate_school_on_the_profile(challenge):
    no_school = student(event=challenge.event, school=None)

    response = _client(no_school, "en").post("/aigs/challenge/team/new/", {"name": "CVML"})

    assert _texts(response) == [
        "Add your AI graduate school to your profile first: a team belongs to one graduate school."
    ]


def test_faculty_may_not_captain_a_team(challenge, school):
    professor = student(event=challenge.event, school=school, category="faculty")

    response = _client(professor, "en").post("/aigs/challenge/team/new/", {"name": "CVML"})

    assert _texts(response) == ["Teams are made of students: faculty may join a team as its adviser when invited."]
    assert ChallengeTeam.objects.count() == 0


def test_a_double_submit_of_the_create_form_makes_one_team(challenge, school):
    captain = student(event=challenge.event, school=school)
    client = _client(captain)

    first = client.post("/aigs/challenge/team/new/", {"name": "CVML"})
    second = client.post("/aigs/challenge/team/new/", {"name": "cvml"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert ChallengeTeam.objects.count() == 1


def test_a_second_team_of_the_same_person_is_refused(challenge, school):
    _team_made, captain = _team(challenge, school)

    response = _client(captain, "en").post("/aigs/challenge/team/new/", {"name": "Another"})

    assert _texts(response) == ["You are already on the team “CVML” of this challenge."]
    assert list(ChallengeTeam.objects.values_list("name", flat=True)) == ["CVML"]


def test_the_database_refuses_a_second_team_however_the_row_is_written(challenge, school):
    _team_made, captain = _team(challenge, school)
    other = ChallengeTeam.objects.create(challenge=challenge, name="Other", graduate_school=school)

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        TeamMember.objects.create(team=other, challenge=challenge, user=captain, role="captain")

    assert error.value.__cause__.diag.constraint_name == "challenge_one_team_per_person"


def test_a_team_name_taken_in_the_challenge_is_refused_whatever_its_case(challenge, school):
    _team(challenge, school)
    second = student(event=challenge.event, school=school)

    response = _client(second, "en").post("/aigs/challenge/team/new/", {"name": "cvml"})

    assert _texts(response) == ["A team called “cvml” already exists; choose another name."]


# --- inviting and accepting -----------------------------------------------------------------------


def _invite(captain, email, *, role="member", language="ko"):
    return _client(captain, language).post("/aigs/challenge/team/invite/", {"email": email, "role": role})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "subject", "button"),
    [
        ("ko", "[AI 대학원 챌린지] CVML 팀에서 초대합니다", "팀에 합류하기"),
        ("en", "[AI Graduate School Challenge] The team CVML invites you", "Join the team"),
    ],
)
def test_the_invitation_email_arrives_in_the_invitees_language_and_its_link_lets_them_join(
    challenge, school, language, subject, button, celery_worker, mailbox, settings, live_server
):
    settings.SITE_URL = live_server.url
    team, captain = _team(challenge, school)
    invitee = student(event=challenge.event, school=school, email=f"minji.{language}@example.org")
    invitee.preferred_language = language
    invitee.save(update_fields=["preferred_language"])

    response = _invite(captain, invitee.email)

    assert response.status_code == 302
    invitations = wait_for(
        lambda: [message for message in mailbox.to(invitee.email) if "CVML" in message["Subject"]],
        what="the invitation",
    )
    message = invitations[0]
    assert message["Subject"].strip() == subject
    link = INVITATION_LINK.search(message.get_body(preferencelist=("plain",)).get_content()).group(0)
    path = link.removeprefix(live_server.url)
    anonymous = _client(language=language).get(path)
    assert anonymous.status_code == 200
    assert "/accounts/login/?next=" in anonymous.content.decode()
    client = _client(invitee, language)
    page = client.get(path)
    assert button in page.content.decode()
    joined = client.post(path, {"answer": "accept"})
    assert joined["Location"] == "/aigs/challenge/team/"
    assert list(team.members.order_by("joined_at").values_list("user_id", "role")) == [
        (captain.pk, "captain"),
        (invitee.pk, "member"),
    ]


def test_an_invitation_twice_to_one_address_queues_one_email(challenge, school):
    team, captain = _team(challenge, school)

    first = _invite(captain, "minji@example.org")
    second = _invite(captain, "MINJI@example.org")

    assert (first.status_code, second.status_code) == (302, 302)
    assert TeamInvitation.objects.filter(team=team).count() == 1
    assert OutboundEmail.objects.filter(kind="challenge_team_invitation").count() == 1


def test_only_the_captain_invites(challenge, school):
    team, captain = _team(challenge, school)
    member = student(event=challenge.event, school=school)
    invitation = services.invite_member(team=team, by=captain, email=member.email)
    services.accept_invitation(invitation=invitation, user=member)

    response = _invite(member, "someone@example.org")

    assert response.status_code == 403
    assert TeamInvitation.objects.filter(team=team).count() == 1


def test_accepting_requires_a_registration(challenge, school):
    team, captain = _team(challenge, school)
    unregistered = attendee(event=challenge.event, category="student", graduate_school=school)
    invitation = services.invite_member(team=team, by=captain, email=unregistered.email)

    response = _client(unregistered, "en").post(
        f"/aigs/challenge/invitations/{invitation.token}/", {"answer": "accept"}
    )

    assert response.status_code == 400
    assert _texts(response) == ["Register for the event first: teams are for registered attendees."]
    assert team.members.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", "이 팀은 다른 대학원 소속입니다. 팀원은 팀과 같은 대학원 소속이어야 합니다."),
        ("en", "This team belongs to another graduate school; members must be of the team's school."),
    ],
)
def test_a_student_of_another_school_cannot_join(challenge, school, language, message):
    team, captain = _team(challenge, school)
    outsider = student(event=challenge.event, school=graduate_school())
    invitation = services.invite_member(team=team, by=captain, email=outsider.email)

    response = _client(outsider, language).post(
        f"/aigs/challenge/invitations/{invitation.token}/", {"answer": "accept"}
    )

    assert _texts(response) == [message]
    assert team.members.count() == 1


def test_someone_on_another_team_cannot_join_a_second(challenge, school):
    team, captain = _team(challenge, school)
    _other_team, other_captain = _team(challenge, school, name="Other")
    invitation = services.invite_member(team=team, by=captain, email=other_captain.email)

    response = _client(other_captain, "en").post(
        f"/aigs/challenge/invitations/{invitation.token}/", {"answer": "accept"}
    )

    assert _texts(response) == ["You are already on the team “Other” of this challenge."]
    assert TeamMember.objects.filter(user=other_captain).count() == 1


def test_a_full_team_refuses_the_next_member_with_a_clear_message(challenge, school):
    team, captain = _team(challenge, school)  # the challenge allows 3
    people = [student(event=challenge.event, school=school) for _ in range(3)]
    invitations = [services.invite_member(team=team, by=captain, email=person.email) for person in people]
    for person, invitation in zip(people[:2], invitations[:2], strict=True):
        services.accept_invitation(invitation=invitation, user=person)

    response = _client(people[2], "en").post(
        f"/aigs/challenge/invitations/{invitations[2].token}/", {"answer": "accept"}
    )

    assert _texts(response) == ["The team is full."]
    assert team.members.count() == 3


def test_the_team_size_trigger_is_the_last_word_when_the_code_check_is_passed(challenge, school):
    challenge.max_team_size = 1
    challenge.save()
    team, _captain = _team(challenge, school)
    late = student(event=challenge.event, school=school)
    invitation = TeamInvitation.objects.create(team=team, email=late.email)  # invited while the limit was higher

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(invitation=invitation, user=late)

    assert error.value.messages == ["팀 정원이 찼습니다."]


def test_a_double_tap_on_accept_keeps_one_membership(challenge, school):
    team, captain = _team(challenge, school)
    member = student(event=challenge.event, school=school)
    invitation = services.invite_member(team=team, by=captain, email=member.email)
    client = _client(member)
    path = f"/aigs/challenge/invitations/{invitation.token}/"

    first = client.post(path, {"answer": "accept"})
    second = client.post(path, {"answer": "accept"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert team.members.filter(user=member).count() == 1


def test_an_invitation_opened_by_another_account_is_not_accepted(challenge, school):
    team, captain = _team(challenge, school)
    invitation = services.invite_member(team=team, by=captain, email="minji@example.org")
    stranger = student(event=challenge.event, school=school)

    page = _client(stranger, "en").get(f"/aigs/challenge/invitations/{invitation.token}/")
    refused = _client(stranger, "en").post(f"/aigs/challenge/invitations/{invitation.token}/", {"answer": "accept"})

    assert "This invitation is for minji@example.org" in page.content.decode()
    assert refused.status_code == 403
    assert team.members.count() == 1


def test_an_unverified_address_does_not_accept(challenge, school):
    team, captain = _team(challenge, school)
    member = student(event=challenge.event, school=school)
    EmailAddress.objects.filter(user=member).update(verified=False)
    invitation = services.invite_member(team=team, by=captain, email=member.email)

    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=member)


def test_faculty_join_as_advisers_who_do_not_submit(challenge, school):
    PhaseFactory(challenge=challenge)
    team, captain = _team(challenge, school)
    professor = student(event=challenge.event, school=school, category="faculty")
    invitation = services.invite_member(team=team, by=captain, email=professor.email, role="adviser")
    services.accept_invitation(invitation=invitation, user=professor)

    page = _client(professor, "en").get("/aigs/challenge/team/submissions/")

    assert team.members.get(user=professor).role == "adviser"
    assert "Faculty advisers do not submit; a student of the team does." in page.content.decode()


def test_a_student_invited_as_adviser_cannot_accept(challenge, school):
    team, captain = _team(challenge, school)
    member = student(event=challenge.event, school=school)
    invitation = services.invite_member(team=team, by=captain, email=member.email, role="adviser")

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(invitation=invitation, user=member)

    assert error.value.code == "category"


def test_declining_twice_is_no_error_and_the_invitation_is_closed(challenge, school):
    team, captain = _team(challenge, school)
    member = student(event=challenge.event, school=school)
    invitation = services.invite_member(team=team, by=captain, email=member.email)
    client = _client(member)
    path = f"/aigs/challenge/invitations/{invitation.token}/"

    first = client.post(path, {"answer": "decline"})
    second = client.post(path, {"answer": "decline"})

    assert (first.status_code, second.status_code) == (302, 302)
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert team.members.count() == 1


def test_an_unknown_invitation_token_answers_404_with_a_page(challenge):
    response = _client(language="en").get("/aigs/challenge/invitations/not-a-token/")

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


# --- leaving --------------------------------------------------------------------------------------


def test_a_captain_who_leaves_hands_the_captaincy_to_the_earliest_student(challenge, school):
    challenge.max_team_size = 4
    challenge.save()
    team, captain = _team(challenge, school)
    professor = student(event=challenge.event, school=school, category="faculty")
    first, second = (student(event=challenge.event, school=school) for _ in range(2))
    for person, role in ((professor, "adviser"), (first, "member"), (second, "member")):
        invitation = services.invite_member(team=team, by=captain, email=person.email, role=role)
        services.accept_invitation(invitation=invitation, user=person)

    response = _client(captain).post("/aigs/challenge/team/leave/")

    assert response.status_code == 302
    assert dict(team.members.values_list("user_id", "role")) == {
        professor.pk: "adviser",
        first.pk: "captain",
        second.pk: "member",
    }


def test_the_last_student_leaving_disbands_the_team(challenge, school):
    _team_made, captain = _team(challenge, school)

    _client(captain).post("/aigs/challenge/team/leave/")
    again = _client(captain).post("/aigs/challenge/team/leave/")

    assert ChallengeTeam.objects.count() == 0
    assert again.status_code == 404


def test_the_last_student_of_a_team_that_submitted_stays(challenge, school):
    phase = PhaseFactory(challenge=challenge)
    team, captain = _team(challenge, school)
    services.submit_predictions(
        team=team, phase=phase, user=captain, upload=SimpleUploadedFile("p.csv", b"id,prediction\n1,0.5\n2,0.5\n")
    )

    response = _client(captain, "en").post("/aigs/challenge/team/leave/", follow=True)

    assert "You are the team's last student and it has submitted" in html.unescape(response.content.decode())
    assert team.members.count() == 1


# --- the terms and the data -----------------------------------------------------------------------


def test_the_data_goes_only_to_people_who_accepted_the_current_terms(challenge, school):
    data = DataFileFactory(challenge=challenge)
    person = student(event=challenge.event, school=school)
    client = _client(person, "en")
    path = f"/aigs/challenge/data/{data.pk}/"

    before = client.get(path)
    client.post("/aigs/challenge/terms/", {"accept": "yes"})
    after = client.get(path)
    challenge.terms_version = "2"
    challenge.save()
    new_version = client.get(path)

    assert before.status_code == 403
    assert "I have read the data-use terms and accept them." in before.content.decode()
    assert after.status_code == 200
    assert after["Content-Disposition"] == 'attachment; filename="training-data.csv"'
    assert b"".join(after.streaming_content) == b"id,feature,label\n1,0.5,1\n2,0.1,0\n"
    assert new_version.status_code == 403


def test_accepting_the_terms_twice_records_one_acceptance_of_the_version(challenge, school):
    person = student(event=challenge.event, school=school)
    client = _client(person)

    first = client.post("/aigs/challenge/terms/", {"accept": "yes"})
    second = client.post("/aigs/challenge/terms/", {"accept": "yes"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert list(TermsAcceptance.objects.values_list("user_id", "version")) == [(person.pk, "1")]


def test_a_data_file_of_another_challenge_is_not_found(challenge, school):
    other = DataFileFactory()
    person = student(event=challenge.event, school=school)
    services.accept_terms(challenge=challenge, user=person)

    response = _client(person).get(f"/aigs/challenge/data/{other.pk}/")

    assert response.status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in_and_see_the_challenge(challenge):
    PhaseFactory(challenge=challenge)

    page = _client(language="en").get("/aigs/challenge/")
    download = _client().get(f"/aigs/challenge/data/{DataFileFactory(challenge=challenge).pk}/")

    assert page.status_code == 200
    assert "Sign in to create your team or to answer an invitation." in page.content.decode()
    assert download.status_code == 302
    assert download["Location"].startswith("/accounts/login/")


def test_an_unpublished_challenge_is_not_found(challenge):
    challenge.is_published = False
    challenge.save()

    assert _client().get("/aigs/challenge/").status_code == 404


# --- submissions ----------------------------------------------------------------------------------


def test_a_bad_file_lists_its_errors_by_line_and_a_good_one_appears_queued(challenge, school):
    phase = PhaseFactory(challenge=challenge)
    _team_made, captain = _team(challenge, school)
    client = _client(captain, "en")

    bad = client.post(
        "/aigs/challenge/team/submissions/",
        {"phase": phase.pk, "file": SimpleUploadedFile("bad.csv", b"id,prediction\n1,0.5\n2,high\n")},
    )
    good = client.post(
        "/aigs/challenge/team/submissions/",
        {
            "phase": phase.pk,
            "file": SimpleUploadedFile("good.csv", b"id,prediction\n1,0.5\n2,0.7\n"),
            "description": "first try",
        },
        follow=True,
    )

    assert bad.status_code == 400
    assert any("3" in text for text in _texts(bad))
    assert list(Submission.objects.values_list("original_name", "status")) == [("good.csv", "queued")]
    assert "first try" in good.content.decode()
    status = client.get("/aigs/challenge/team/submissions/status.json").json()
    assert status["in_progress"] is True
    assert [(row["status"], row["public_score"]) for row in status["submissions"]] == [("queued", None)]


def test_the_submission_page_of_someone_without_a_team_is_not_found(challenge, school):
    person = student(event=challenge.event, school=school)

    assert _client(person).get("/aigs/challenge/team/submissions/").status_code == 404
    assert _client(person).get("/aigs/challenge/team/submissions/status.json").status_code == 404


def test_choosing_final_submissions_beyond_the_limit_is_refused(challenge, school):
    phase = PhaseFactory(challenge=challenge, is_final=True)
    team, captain = _team(challenge, school)
    ids = []
    for number in range(3):
        submission = services.submit_predictions(
            team=team,
            phase=phase,
            user=captain,
            upload=SimpleUploadedFile(f"{number}.csv", f"id,prediction\n1,{number}\n2,0\n".encode()),
        )
        Submission.objects.filter(pk=submission.pk).update(status="scored", public_score=0.5 + number / 10)
        ids.append(submission.pk)
    client = _client(captain, "en")

    too_many = client.post("/aigs/challenge/team/submissions/final/", {"submissions": ids})
    two = client.post("/aigs/challenge/team/submissions/final/", {"submissions": ids[:2]})

    assert _texts(too_many) == ["Choose at most 2 submissions."]
    assert two.status_code == 302
    assert sorted(Submission.objects.filter(is_final_choice=True).values_list("pk", flat=True)) == ids[:2]


def test_the_challenge_page_shows_phase_times_in_the_events_time_zone(challenge):
    challenge.event.time_zone = "America/New_York"
    challenge.event.save()
    opens = datetime.datetime(2030, 7, 1, 9, 0, tzinfo=datetime.UTC)
    PhaseFactory(challenge=challenge, opens_at=opens, closes_at=opens + datetime.timedelta(days=60))

    page = _client(language="en").get("/aigs/challenge/").content.decode()

    with translation.override("en"):
        in_new_york = formats.date_format(timezone.localtime(opens, challenge.event.zone), "DATETIME_FORMAT")
    assert in_new_york in page
    assert "America/New_York" in page


# --- query counts ---------------------------------------------------------------------------------


def _queries(client, path) -> int:
    client.get(path)  # warm up the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _team_with(challenge, school, *, name, members: int, submissions: int):
    team, captain = _team(challenge, school, name=name)
    phase = challenge.phases.get()
    services.invite_member(team=team, by=captain, email=f"waiting-{name}@example.org")
    for _ in range(members - 1):
        person = student(event=challenge.event, school=school)
        services.accept_invitation(
            invitation=services.invite_member(team=team, by=captain, email=person.email), user=person
        )
    for number in range(submissions):
        submission = services.submit_predictions(
            team=team,
            phase=phase,
            user=captain,
            upload=SimpleUploadedFile(f"{number}.csv", f"id,prediction\n1,{number}\n2,0\n".encode()),
        )
        if number % 2:
            Submission.objects.filter(pk=submission.pk).update(status="scored", public_score=0.5)
    return _client(captain)


@pytest.mark.parametrize("path", ["/aigs/challenge/", "/aigs/challenge/team/", "/aigs/challenge/team/submissions/"])
def test_the_team_pages_run_as_many_queries_for_a_small_team_as_for_a_full_one(challenge, school, path):
    PhaseFactory(challenge=challenge, is_final=True, daily_submission_limit=20, total_submission_limit=100)
    small = _team_with(challenge, school, name="Small", members=1, submissions=1)
    full = _team_with(challenge, school, name="Full", members=3, submissions=12)

    assert _queries(small, path) == _queries(full, path)


# --- at the same moment ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_once_on_create_team_give_one_team_and_no_error(challenge, school):
    captain = student(event=challenge.event, school=school)

    results, errors = run_in_parallel(
        lambda _tap: services.create_team(challenge=challenge, user=captain, name="CVML").pk, range(2)
    )

    assert errors == []
    assert results == [ChallengeTeam.objects.get().pk] * 2


@pytest.mark.django_db(transaction=True)
def test_two_invitees_accepting_the_last_place_at_once_one_joins_and_the_other_is_told_it_is_full(challenge, school):
    challenge.max_team_size = 2
    challenge.save()
    team, captain = _team(challenge, school)
    people = [student(event=challenge.event, school=school) for _ in range(2)]
    invitations = [services.invite_member(team=team, by=captain, email=person.email) for person in people]

    def accept(index):
        with translation.override("en"):
            return services.accept_invitation(invitation=invitations[index], user=people[index]).user_id

    results, errors = run_in_parallel(accept, range(2))

    assert len(results) == 1
    assert [error.messages for error in errors] == [["The team is full."]]
    assert team.members.count() == 2


# --- bad input the sweep cannot reach (forms shown only to the invited and to registered attendees) -------------


@pytest.mark.parametrize("value", ["", "\x00", "no", "x" * 10_000, "<b>&amp;</b>"])
@pytest.mark.parametrize(
    ("language", "terms_message", "answer_message"),
    [
        ("ko", "약관에 동의하려면 확인란을 선택하세요.", "팀에 합류할지 골라 주세요."),
        ("en", "Tick the box to accept the terms.", "Choose whether you join the team."),
    ],
)
def test_bad_answers_to_the_terms_and_the_invitation_are_explained_in_the_persons_language(
    challenge, school, value, language, terms_message, answer_message
):
    team, captain = _team(challenge, school)
    member = student(event=challenge.event, school=school)
    invitation = services.invite_member(team=team, by=captain, email=member.email)
    client = _client(member, language)

    terms = client.post("/aigs/challenge/terms/", {"accept": value})
    answer = client.post(f"/aigs/challenge/invitations/{invitation.token}/", {"answer": value})

    assert (terms.status_code, _texts(terms)) == (400, [terms_message])
    assert (answer.status_code, _texts(answer)) == (400, [answer_message])
    assert TermsAcceptance.objects.count() == 0
    assert team.members.count() == 1


def test_a_private_score_reaches_neither_the_submission_page_nor_its_status(challenge, school):
    phase = PhaseFactory(challenge=challenge, is_final=True)
    team, captain = _team(challenge, school)
    submission = services.submit_predictions(
        team=team, phase=phase, user=captain, upload=SimpleUploadedFile("p.csv", b"id,prediction\n1,1\n2,0\n")
    )
    Submission.objects.filter(pk=submission.pk).update(status="scored", public_score=0.61234, private_score=0.98765)
    client = _client(captain)

    page = client.get("/aigs/challenge/team/submissions/").content.decode()
    status = client.get("/aigs/challenge/team/submissions/status.json").content.decode()

    assert ("0.61234" in page, "0.98765" in page, "98765" in status, "private" in status) == (True, False, False, False)


def test_an_invitation_from_a_team_whose_name_has_markup_characters_reads_as_typed(
    challenge, school, celery_worker, mailbox, settings, live_server
):
    settings.SITE_URL = live_server.url
    _team_made, captain = _team(challenge, school, name="R&D <Lab> 'A'")

    _invite(captain, "lab.friend@example.org")

    message = wait_for(lambda: mailbox.to("lab.friend@example.org"), what="the invitation")[0]
    assert "R&D <Lab> 'A'" in message["Subject"]
    assert "R&D <Lab> 'A'" in message.get_body(preferencelist=("plain",)).get_content()


def test_the_same_file_sent_twice_is_said_to_count_once(challenge, school):
    phase = PhaseFactory(challenge=challenge)
    _team_made, captain = _team(challenge, school)
    client = _client(captain, "en")
    body = b"id,prediction\n1,0.5\n2,0.7\n"

    first = client.post(
        "/aigs/challenge/team/submissions/", {"phase": phase.pk, "file": SimpleUploadedFile("a.csv", body)}, follow=True
    )
    again = client.post(
        "/aigs/challenge/team/submissions/", {"phase": phase.pk, "file": SimpleUploadedFile("b.csv", body)}, follow=True
    )

    assert "Your file is received and waits to be scored." in html.unescape(first.content.decode())
    assert "Your team sent this same file a moment ago (a.csv); it counts once." in html.unescape(
        again.content.decode()
    )
    assert Submission.objects.count() == 1


def test_direction_and_control_characters_are_dropped_from_a_team_name(challenge, school):
    captain = student(event=challenge.event, school=school)

    team = services.create_team(challenge=challenge, user=captain, name="\u202eCV\u0000ML\u200f  Lab")

    assert team.name == "CVML Lab"
