"""The personal data the challenge holds, registered with common.personal_data in ready().

On account deletion the person leaves their teams: a captain's team gets its earliest remaining
member (a student before an adviser) as captain; a team left empty stays, with its submissions,
scores, rank and awards, so the leaderboard and the counts stay right. Their submissions stay with
their team, submitted by nobody (Submission.submitted_by is SET_NULL).
"""

from django.utils.translation import gettext_lazy as _

from common.personal_data import PersonalDataProvider, register_provider

from . import selectors, services


def register() -> None:
    register_provider(
        PersonalDataProvider(
            key="challenge",
            label=_("AI Graduate School Challenge"),
            models=(
                "challenge.TeamMember",
                "challenge.TeamInvitation",
                "challenge.Submission",
                "challenge.TermsAcceptance",
                "challenge.TalentPoolConsent",
            ),
            export=selectors.challenge_person_export,
            erase=services.erase_challenge_person,
            event_people=selectors.challenge_event_people,
            forget_event=services.forget_challenge_event,
        )
    )
