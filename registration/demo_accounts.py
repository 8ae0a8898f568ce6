"""Demo sign-ins, kept free of Django imports so the launcher can print them."""

DEMO_EVENT_SLUG = "aigs-demo"
DEMO_PASSWORD = "symposium-demo-2022"  # noqa: S105 - a published demo password, never a real one
DEMO_ACCOUNTS = [
    # (email, is organiser, what the account is for)
    ("organizer@example.org", True, "organiser (Django admin)"),
    ("booth@example.org", False, "booth staff"),
    ("attendee@example.org", False, "attendee"),
]
# Members of the organisers' teams (registration.demo_teams): (email, team, what the account is for)
TEAM_ACCOUNTS = [
    ("programme@example.org", "Programme committee", "programme team: the programme in the admin"),
    ("townhall@example.org", "Townhall hosts", "townhall team: the townhall in the admin and at the door"),
    ("challenge@example.org", "Challenge office", "challenge team: the AI Graduate School Challenge in the admin"),
    ("forum@example.org", "Forum office", "another organiser's team: its own event only"),
]
