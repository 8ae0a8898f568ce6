"""Every user-facing string has a Korean translation, and the compiled catalogue is current."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def _read_po(path: Path) -> dict[str, tuple[str, bool, str | None]]:
    """{msgid: (msgstr, is_fuzzy, msgid_plural)}; for plural entries msgstr is the first form."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ")):
                current, _space, literal = line.partition(" ")
                current = "msgstr" if current == "msgstr[0]" else current
                fields[current] = ast.literal_eval(literal)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
            entries[fields["msgid"]] = (fields.get("msgstr", ""), fuzzy, fields.get("msgid_plural"))
    return entries


def test_every_korean_message_is_translated():
    entries = _read_po(LOCALE / "ko" / "LC_MESSAGES" / "django.po")

    untranslated = [msgid for msgid, (msgstr, fuzzy, _plural) in entries.items() if not msgstr or fuzzy]

    assert len(entries) > 50
    assert untranslated == []


def test_compiled_korean_catalogue_matches_the_source():
    entries = _read_po(LOCALE / "ko" / "LC_MESSAGES" / "django.po")
    with open(LOCALE / "ko" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    stale = [
        msgid
        for msgid, (msgstr, _fuzzy, plural) in entries.items()
        if (catalogue.ngettext(msgid, plural, 1) if plural else catalogue.gettext(msgid)) != msgstr
    ]

    assert stale == []
