"""Which area of an event each challenge model belongs to, for events.rules."""

from events.enums import Area
from events.rules import register_event_model

from .models import (
    Award,
    Challenge,
    ChallengeTeam,
    DataFile,
    Phase,
    Submission,
    TalentPoolConsent,
    TeamInvitation,
    TeamMember,
    TermsAcceptance,
)


def register() -> None:
    register_event_model(Challenge, area=Area.CHALLENGE, event_path="event")
    for model in (Phase, DataFile, TermsAcceptance, ChallengeTeam, Award, TalentPoolConsent):
        register_event_model(model, area=Area.CHALLENGE, event_path="challenge__event")
    for model in (TeamMember, TeamInvitation, Submission):
        register_event_model(model, area=Area.CHALLENGE, event_path="team__challenge__event")
