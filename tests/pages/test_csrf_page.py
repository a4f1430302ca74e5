"""A refused CSRF token shows the service's own page, in the user's language, with a way back."""

from __future__ import annotations

import pytest
from django.test import Client

from awards.enums import Role
from tests.factories.awards import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    user = UserFactory(roles=[Role.UNIT_HEAD], organization=OrganizationFactory())
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_form_without_its_token_gets_our_page_in_vietnamese(strict_client):
    response = strict_client.post(
        "/nominations/new/",
        {"achievements": "Thành tích"},
        HTTP_REFERER="http://testserver/nominations/new/?period=3",
    )

    assert response.status_code == 403
    body = response.content.decode()
    assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in body
    assert "Forbidden" not in body and "CSRF verification failed" not in body
    assert 'href="/nominations/new/?period=3"' in body  # the way back
    assert 'data-restore-kept="/nominations/new/?period=3"' in body
    assert '<html lang="vi">' in body


def test_in_english_for_a_reader_who_chose_english(strict_client):
    from django.conf import settings

    strict_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    response = strict_client.post("/nominations/new/", {})

    assert response.status_code == 403
    assert "The form has expired or is not valid" in response.content.decode()


def test_a_foreign_referer_is_not_offered_as_the_way_back(strict_client):
    response = strict_client.post("/profile/", {}, HTTP_REFERER="https://evil.example/phish")

    body = response.content.decode()
    assert "evil.example" not in body
    assert 'href="/profile/"' in body


def test_anonymous_visitor_gets_it_too():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in response.content.decode()
