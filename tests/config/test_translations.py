"""The English catalogue: complete, compiled, and used.

Vietnamese is the source language (msgids); English is the second language.
`make messages` refreshes locale/en after strings change in code or templates.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
_CONTINUATION = re.compile(r"^(\".*\")\s*$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [v for k, v in self.fields.items() if k.startswith("msgstr")]


def _unquote(literal: str) -> str:
    # PO strings use C escapes, which Python string literals share for what gettext writes.
    return ast.literal_eval(literal)


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n]."""
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None
    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, key = None, None
            continue
        if line.startswith("#~"):  # obsolete entry: gettext ignores it
            current, key = None, None
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, literal = match.groups()
            if current is None or (keyword in ("msgctxt", "msgid") and "msgid" in current.fields):
                current = Entry(line=number, flags=pending_flags)
                pending_flags = set()
                entries.append(current)
            key = keyword
            current.fields[key] = _unquote(literal)
            continue
        match = _CONTINUATION.match(line)
        assert match and current is not None and key is not None, f"{path.name}:{number}: cannot read {raw!r}"
        current.fields[key] += _unquote(match.group(1))
    return entries


def _messages() -> list[Entry]:
    return [e for e in parse_po(PO) if e.msgid != ""]


def _where(entry: Entry) -> str:
    return f"django.po:{entry.line}: {entry.msgid[:70]!r}"


def test_every_message_has_an_english_translation():
    entries = _messages()
    assert len(entries) > 100, "the catalogue looks truncated"

    untranslated = [_where(e) for e in entries if not e.translations or not all(e.translations)]

    assert untranslated == [], "untranslated (run `make messages` and translate):\n" + "\n".join(untranslated)


def test_no_fuzzy_entries():
    # gettext ignores fuzzy entries: the user would see Vietnamese.
    fuzzy = [_where(e) for e in parse_po(PO) if "fuzzy" in e.flags]

    assert fuzzy == [], "fuzzy entries (check the translation, then drop the flag):\n" + "\n".join(fuzzy)


def test_plural_entries_have_both_english_forms():
    plurals = [e for e in _messages() if "msgid_plural" in e.fields]

    for entry in plurals:
        assert {"msgstr[0]", "msgstr[1]"} <= set(entry.fields), _where(entry)


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: `make system-deps` installs the Debian package gettext"
    fresh = tmp_path / "django.mo"

    # The same call as Django's compilemessages; --check-format also catches broken placeholders.
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO)], check=True, capture_output=True)

    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog
    with MO.open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    stale = sorted(str(k)[:70] for k in expected.keys() ^ committed.keys())
    stale += sorted(str(k)[:70] for k in expected.keys() & committed.keys() if expected[k] != committed[k])
    assert stale == [], "django.mo is out of date (run `make messages`):\n" + "\n".join(stale)


def test_key_strings_come_out_english():
    from awards.enums import RatingLevel, Role
    from nominations.enums import NominationStatus

    with translation.override("en"):
        assert str(NominationStatus.SUBMITTED.label) == "Submitted"
        assert str(NominationStatus.RETURNED.label) == "Returned"
        assert str(NominationStatus.WITHDRAWN.label) == "Withdrawn"
        assert str(Role.UNIT_HEAD.label) == "Unit head"
        assert str(RatingLevel.EXCELLENT.label) == "Excellently completed duties"


def test_workflow_refusal_comes_out_english():
    from awards.errors import TransitionError
    from nominations.enums import NominationStatus
    from nominations.workflow import check_action

    with translation.override("en"), pytest.raises(TransitionError) as refused:
        check_action(NominationStatus.AWARDED, "submit")

    text = refused.value.message
    assert "Cannot submit" in text
    assert "“Commended”" in text
    assert "hồ sơ" not in text


def test_nomination_form_validation_comes_out_english():
    from nominations.forms import ReasonForm, RevokeForm

    with translation.override("en"):
        returned = ReasonForm(data={"reason": ""})
        revoked = RevokeForm(data={"act_number": "", "reason": "x\u202ey"})

        assert not returned.is_valid()
        assert returned.errors["reason"] == ["Please state the reason for returning the dossier."]
        assert not revoked.is_valid()
        assert revoked.errors["act_number"] == ["Please enter the revocation document number."]
        assert revoked.errors["reason"] == ["This field contains invalid characters."]


@pytest.mark.django_db
def test_wrong_password_message_comes_out_english():
    from awards.serializers import TokenRequestSerializer

    with translation.override("en"):
        serializer = TokenRequestSerializer(data={"username": "nobody", "password": "wrong"})

        assert not serializer.is_valid()
        assert [str(m) for m in serializer.errors["detail"]] == ["Wrong username or password."]


def test_vietnamese_stays_the_default():
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Tên đăng nhập hoặc mật khẩu không đúng.") == (
            "Tên đăng nhập hoặc mật khẩu không đúng."
        )


_GETTEXT = {"gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
_SOURCES = ("awards", "nominations", "certificates", "operations", "config", "demo")


def _translated_literals(tree: ast.Module) -> list[tuple[int, str]]:
    """Literal first arguments of Django's gettext functions, whatever name they are
    imported under (`makemessages` only knows `_` and the functions' own names)."""
    local = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in _GETTEXT
    }
    return [
        (node.lineno, node.args[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in local
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def test_every_string_the_code_translates_is_in_the_catalogue():
    # A gettext function imported under a name `makemessages` does not know (`_lazy`)
    # loses its strings from the catalogue at the next `make messages`: English users
    # would read Vietnamese.
    known = {e.msgid for e in _messages()}
    missing = []
    for app in _SOURCES:
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, text in _translated_literals(ast.parse(path.read_text(encoding="utf-8"))):
                if text not in known:
                    missing.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {text[:70]!r}")

    assert missing == [], "strings missing from django.po (run `make messages`):\n" + "\n".join(missing)
