"""The Vietnamese sort keys: letters in the alphabet's order, tones after letters, numbers by value."""

from __future__ import annotations

from awards.text import vietnamese_sort_key, vietnamese_text_key


def _sorted(names, key=vietnamese_text_key):
    return sorted(names, key=key)


def test_numbers_in_unit_names_sort_by_value_before_letters():
    names = [
        "Trường THPT số 10",
        "Trường THPT số 2",
        "Trường THPT số 9",
        "Trường THPT số 04",
        "Trường THPT số A",
    ]
    assert _sorted(names) == [
        "Trường THPT số 2",
        "Trường THPT số 04",
        "Trường THPT số 9",
        "Trường THPT số 10",
        "Trường THPT số A",
    ]


def test_every_digit_keeps_its_place():
    names = [f"Tổ {d}" for d in "9876543210"]
    assert _sorted(names) == [f"Tổ {d}" for d in "0123456789"]


def test_a_word_sorts_before_the_same_word_with_a_number_after_it():
    assert _sorted(["Đội 1A", "Đội 1", "Đội"]) == ["Đội", "Đội 1", "Đội 1A"]


def test_letters_follow_the_vietnamese_alphabet_and_tones_come_after_letters():
    names = ["Đào", "Dung", "Ánh", "Âu", "Anh", "Ăn", "Ba"]
    assert _sorted(names) == ["Anh", "Ánh", "Ăn", "Âu", "Ba", "Dung", "Đào"]


def test_people_sort_by_given_name_first():
    names = ["Trần Văn An", "Nguyễn Thị Bình", "Lê An"]
    assert _sorted(names, key=vietnamese_sort_key) == ["Lê An", "Trần Văn An", "Nguyễn Thị Bình"]


def test_the_migration_rewrites_stored_keys_written_by_the_old_rule(db):
    from importlib import import_module

    from django.apps import apps

    from awards.models import Person
    from tests.factories.awards import PersonFactory

    person = PersonFactory(full_name="Nguyễn Văn 2")
    Person.objects.filter(pk=person.pk).update(sort_key="stale")
    import_module("awards.migrations.0007_sort_keys_with_numbers").rewrite_sort_keys(apps, None)
    person.refresh_from_db()
    assert person.sort_key == vietnamese_sort_key("Nguyễn Văn 2")
