"""Every user-facing string has a Korean translation, and the compiled catalogue is current."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def _read_po(path: Path) -> dict[str, tuple[str, bool]]:
    """{msgid: (msgstr, is_fuzzy)} for the singular entries of a .po file."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgstr ")):
                current, _space, literal = line.partition(" ")
                fields[current] = ast.literal_eval(literal)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
            entries[fields["msgid"]] = (fields.get("msgstr", ""), fuzzy)
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
