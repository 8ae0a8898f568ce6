"""Where the challenge keeps its files: outside MEDIA_ROOT, so no URL serves them.

Participants' data files are handed out by a view that checks the data-use terms;
answer keys and scoring scripts are never handed out at all.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def challenge_files() -> FileSystemStorage:
    # A callable, so migrations record the function and not this machine's directory.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT / "challenge", base_url=None)
