import pytest

from awards.text import has_forbidden_characters

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("char", ["\x00", "\ud800", "\u202e", "\u2066"])
def test_forbidden_characters_are_detected(char):
    assert has_forbidden_characters(f"Nguyễn{char}Văn")


def test_ordinary_vietnamese_is_allowed():
    assert not has_forbidden_characters("Đặng Thị Ánh Tuyết – Phòng Tổng hợp (2023)")


def test_json_with_a_bidi_override_is_refused_with_a_message(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/v1/users/",
        data=b'{"username": "x", "full_name": "\\u202eNguyen"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.json()["detail"]
