"""Every user-facing string has a Korean translation, and the compiled catalogue is current."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def _read_po(path: Path) -> dict[str, tuple[str, bool]]:
    """{msgid: (msgstr, is_fuzzy)} for the singular entries of a .po file."""
    entries: dict[str, tuple[str, bool]] = {}
    msgid = msgstr = None
    field = None
    fuzzy = False

    def flush():
        if msgid:
            entries[msgid] = (msgstr or "", fuzzy)

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flush()
            msgid = msgstr = field = None
            fuzzy = "fuzzy" in line
        elif line.startswith("msgid "):
            if field == "msgstr":
                flush()
                fuzzy = False if not line.startswith("#") else fuzzy
            msgid, msgstr, field = ast.literal_eval(line[6:]), None, "msgid"
        elif line.startswith("msgstr "):
            msgstr, field = ast.literal_eval(line[7:]), "msgstr"
        elif line.startswith('"') and field == "msgid":
            msgid += ast.literal_eval(line)
        elif line.startswith('"') and field == "msgstr":
            msgstr += ast.literal_eval(line)
        elif not line.strip() and field == "msgstr":
            flush()
            msgid = msgstr = field = None
            fuzzy = False
    return entries


def test_every_korean_message_is_translated():
    entries = _read_po(LOCALE / "ko" / "LC_MESSAGES" / "django.po")

    untranslated = [msgid for msgid, (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]

    assert len(entries) > 50
    assert untranslated == []


def test_compiled_korean_catalogue_matches_the_source():
    entries = _read_po(LOCALE / "ko" / "LC_MESSAGES" / "django.po")
    with open(LOCALE / "ko" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    stale = [msgid for msgid, (msgstr, _fuzzy) in entries.items() if catalogue.gettext(msgid) != msgstr]

    assert stale == []
