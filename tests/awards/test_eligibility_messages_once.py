"""The engine's sentences are translated once per kind, then formatted per person."""

from __future__ import annotations

import pytest
from django.utils import translation

from awards import eligibility
from awards.eligibility import evaluate_many
from tests.awards.test_eligibility_queries import _history

pytestmark = pytest.mark.django_db


def _lookups(monkeypatch, **kwargs) -> int:
    calls = []

    def counting(message):
        calls.append(message)
        return translation.gettext(message)

    eligibility._translated.cache_clear()
    monkeypatch.setattr(eligibility, "gettext", counting)
    evaluate_many(**kwargs)
    return len(calls)


def test_catalogue_lookups_do_not_grow_with_the_people(merit, period_2023, monkeypatch):
    people, _units = _history(3, nominees=200)

    few = _lookups(monkeypatch, award_type=merit, period=period_2023, subjects=people[:5])
    many = _lookups(monkeypatch, award_type=merit, period=period_2023, subjects=people)

    assert 0 < few == many


def test_each_language_gets_its_own_sentences(merit, period_2023):
    people, _units = _history(2, nominees=3)
    eligibility._translated.cache_clear()

    with translation.override("vi"):
        vi = evaluate_many(award_type=merit, period=period_2023, subjects=people)
    with translation.override("en"):
        en = evaluate_many(award_type=merit, period=period_2023, subjects=people)

    vi_text = " ".join(c.detail for r in vi for c in r.checks)
    en_text = " ".join(c.detail for r in en for c in r.checks)
    assert "năm" in vi_text
    assert "năm" not in en_text and "year" in en_text.lower()
