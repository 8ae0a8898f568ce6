"""Demo sign-ins, kept free of Django imports so the launcher can print them."""

DEMO_EVENT_SLUG = "aigs-demo"
DEMO_PASSWORD = "symposium-demo-2022"  # noqa: S105 - a published demo password, never a real one
DEMO_ACCOUNTS = [
    # (email, is organiser, what the account is for)
    ("organizer@example.org", True, "organiser (Django admin)"),
    ("booth@example.org", False, "booth staff"),
    ("attendee@example.org", False, "attendee"),
]
