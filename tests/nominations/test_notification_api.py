"""The notification list: API, page, bell; only one's own notices (another's id is a 404)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from awards.enums import Role
from nominations import notifications
from nominations.enums import NotificationKind as K
from tests.factories.awards import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


@pytest.fixture
def clerk(db):
    return UserFactory(roles=[Role.STAFF])


def _notice(user, ref="HS-2023-000007"):
    return notifications.notify(K.SUBMITTED, [user], path="/inbox/", ref=ref, name="Lê Văn Tám")[0]


def test_api_lists_only_ones_own_notices(client_for, clerk):
    mine = _notice(clerk)
    _notice(UserFactory(roles=[Role.STAFF]), ref="HS-2023-000099")

    rows = client_for(clerk).get(URL).json()["results"]

    assert [r["id"] for r in rows] == [mine.pk]
    row = rows[0]
    assert set(row) == {"id", "kind", "text", "url", "created_at", "read_at"}
    assert row["kind"] == "submitted"
    assert "HS-2023-000007" in row["text"]
    assert row["url"] == settings.PUBLIC_BASE_URL + "/inbox/"
    assert row["read_at"] is None


def test_api_marks_one_read_and_keeps_the_first_time(client_for, clerk):
    notice = _notice(clerk)
    api = client_for(clerk)

    first = api.post(f"{URL}{notice.pk}/read/")
    again = api.post(f"{URL}{notice.pk}/read/")

    assert first.status_code == again.status_code == 200
    assert first.json()["read_at"] is not None
    assert again.json()["read_at"] == first.json()["read_at"]
    assert api.get(URL, {"unread": "1"}).json()["count"] == 0


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999"])
def test_api_unknown_id_is_404(client_for, clerk, pk):
    assert client_for(clerk).post(f"{URL}{pk}/read/").status_code == 404


def test_api_another_users_notice_is_404_and_stays_unread(client_for, clerk):
    theirs = _notice(UserFactory(roles=[Role.STAFF]))

    assert client_for(clerk).post(f"{URL}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_needs_a_login(api_client):
    assert api_client.get(URL).status_code in (401, 403)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bell_counts_unread_and_the_list_opens_and_marks_read(clerk):
    first, second = _notice(clerk), _notice(clerk, ref="HS-2023-000008")
    client = _logged_in(clerk)

    home = client.get("/").content.decode()
    assert 'class="bell-count">2<' in home
    page = client.get("/notifications/").content.decode()
    assert "HS-2023-000007" in page and "HS-2023-000008" in page

    opened = client.get(f"/notifications/{first.pk}/")

    assert opened.status_code == 302 and opened["Location"] == "/inbox/"
    assert 'class="bell-count">1<' in client.get("/").content.decode()
    client.post("/notifications/read-all/")
    second.refresh_from_db()
    assert second.read_at is not None
    assert "bell-count" not in client.get("/").content.decode()


def test_opening_another_users_notice_is_404(clerk):
    theirs = _notice(UserFactory(roles=[Role.STAFF]))

    assert _logged_in(clerk).get(f"/notifications/{theirs.pk}/").status_code == 404
    assert _logged_in(clerk).get("/notifications/987654/").status_code == 404


def test_the_list_reads_in_english_for_a_reader_who_chose_english(clerk, client_for):
    _notice(clerk)
    client = _logged_in(clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get("/notifications/").content.decode()
    api = client_for(clerk).get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["text"]

    # The sentence is rendered when read, in the reader's language.
    assert "Dossier HS-2023-000007 (Lê Văn Tám, —) of — was submitted and awaits appraisal." in body
    assert api.startswith("Dossier HS-2023-000007")


@pytest.mark.parametrize("value", ["thidua.example.gov.vn", "ftp://thidua.example.gov.vn", "https://"])
def test_a_public_base_url_without_a_scheme_is_refused_at_start(value):
    env = {**os.environ, "PUBLIC_BASE_URL": value, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )

    assert result.returncode != 0
    assert "PUBLIC_BASE_URL must be an absolute http(s) address" in result.stderr
