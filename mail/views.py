from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import reminders


@csrf_exempt  # mail clients post here for one-click unsubscribe (RFC 8058); the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe_reminders(request, token: str):
    """GET asks (a link opened in a browser, or a mail scanner following it); POST turns that one kind off."""
    try:
        user, kind = reminders.user_and_kind_from_unsubscribe_token(token)
    except ValidationError as error:
        return render(request, "mail/unsubscribe.html", {"error": " ".join(error.messages)}, status=400)
    done = request.method == "POST"
    if done:
        reminders.set_reminder_preference(user=user, kind=kind.key, wanted=False)
    return render(request, "mail/unsubscribe.html", {"kind": kind, "done": done})
