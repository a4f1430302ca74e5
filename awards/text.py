"""Vietnamese text: NFC storage, accent-insensitive search keys, alphabetical order.

One place for the text rules (docs/architecture.md, "Vietnamese text"): "Nguyễn" may arrive composed or
decomposed and must be stored composed; search must ignore case and tone marks,
with đ matching d ("Đ" has no Unicode decomposition); names sort the Vietnamese
way (a ă â b c d đ e ê ... with tones after letters), by given name first.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.utils import translation

_SPACES = re.compile(r"\s+")
# Characters that must never reach the database: NUL breaks PostgreSQL,
# lone surrogates cannot be encoded, bidi overrides disguise text.
_FORBIDDEN = re.compile("[\x00\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def has_forbidden_characters(value: str) -> bool:
    return bool(_FORBIDDEN.search(value))


def first_forbidden_character(value: str) -> str | None:
    found = _FORBIDDEN.search(value)
    return found.group() if found else None


def normalize_text(value: str) -> str:
    """NFC and stripped: the form every stored text takes."""
    return unicodedata.normalize("NFC", value).strip()


def search_key(value: str) -> str:
    """Lower case, without tone or vowel marks, đ → d, single spaces.

    "Nguyễn Văn Thưởng", "NGUYỄN VĂN THƯỞNG" and "nguyen van thuong" share one key.
    """
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tone order of Vietnamese dictionaries: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_DIGITS = "0123456789"
_NUMBER_OR_CHAR = re.compile(r"[0-9]+|.", re.S)


def _split_letter(ch: str) -> tuple[str, str]:
    """('ặ') → ('ă', '\u0323'): the letter of the alphabet and its tone mark."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[0]
    marks = [m for m in decomposed[1:] if m in _VOWEL_MARKS]
    tones = [m for m in decomposed[1:] if m in _TONE_RANK]
    letter = unicodedata.normalize("NFC", base + "".join(marks))
    return letter, tones[0] if tones else ""


def _letter_token(letter: str) -> str:
    # Two lowercase ASCII letters per token: plain letters order the same way
    # under byte order (SQLite) and under any PostgreSQL collation, which
    # would otherwise skip spaces and punctuation.
    rank = _LETTER_RANK.get(letter)
    if rank is None:
        return "z" + chr(ord("a") + ord(letter[0]) % 26) if letter else ""
    return chr(ord("b") + rank // 26) + chr(ord("a") + rank % 26)


def _number_token(digits: str) -> str:
    # Numbers in their numeric order ("số 9" before "số 10"), before any letter:
    # the count of digits first, then each digit, all as "a?" tokens (letters are
    # "b?"/"c?"; "aa" and "ab" are the separators, lower than both).
    number = digits.lstrip("0") or "0"
    width = "a" + chr(ord("c") + min(len(number), 23))
    return width + "".join("a" + chr(ord("c") + int(d)) for d in number)


def _word_key(word: str) -> str:
    letters, tones = [], []
    for part in _NUMBER_OR_CHAR.findall(word):
        if part[0] in _DIGITS:
            letters.append(_number_token(part))
            continue
        letter, tone = _split_letter(part)
        letters.append(_letter_token(letter))
        tones.append("a" + chr(ord("c") + _TONE_RANK[tone]))
    return "".join(letters) + "ab" + "".join(tones)


def vietnamese_sort_key(full_name: str) -> str:
    """A key whose plain string order is the Vietnamese order of names.

    Given name first (the last word), then family and middle names; within a
    word, letters compare before tones, as dictionaries do.
    """
    words = normalize_text(full_name).split()
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    return "aa".join(_word_key(word) for word in ordered)[:255]


def vietnamese_text_key(text: str) -> str:
    """Like `vietnamese_sort_key`, words in their own order: for unit and other names."""
    return "aa".join(_word_key(word) for word in normalize_text(text).split())[:255]


def official_language():
    """Context for text that is stored or sent (event comments, eligibility
    results, e-mails): written in Vietnamese whatever language the acting
    user's request asked for, since records are read by everyone later."""
    return translation.override(settings.LANGUAGE_CODE)
