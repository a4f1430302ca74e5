"""The home page's to-do list (`nominations.todo`): every item links to a page its
user may open, the links come from the URL configuration, and each role sees its own."""

from __future__ import annotations

import pytest
from django.urls import resolve

from nominations import council
from nominations.models import CouncilSession
from nominations.selectors import nominations_visible_to
from nominations.todo import todo_for

EXPECTED_KINDS = {
    "truongphong": {"returned", "draft"},
    "canbo": {"submitted", "verified"},
    "chutich": {"decision"},
}


def _todo(world, username):
    user = world.users[username]
    return todo_for(user, nominations_visible_to(user=user))


@pytest.mark.parametrize("username", ["truongphong", "canbo", "uyvien1", "chutich", "quantri"])
def test_every_todo_link_opens_a_page_its_user_may_see(as_user, world, username):
    client = as_user(username)

    for item in _todo(world, username):
        resolve(item["url"].split("?")[0])  # raises Resolver404 on a dead link
        assert client.get(item["url"]).status_code == 200, item


@pytest.mark.parametrize(("username", "kinds"), sorted(EXPECTED_KINDS.items()))
def test_each_role_sees_its_own_work(world, db, username, kinds):
    seen = {item["kind"] for item in _todo(world, username)}

    assert kinds <= seen
    assert not seen & {"returned", "draft"} or username == "truongphong"


def test_an_open_session_asks_its_member_to_vote_and_staff_to_run_it(as_user, world):
    planned = CouncilSession.objects.get(status="planned", members=world.users["uyvien1"])
    council.session_open(session=planned, actor=world.users["canbo"])
    url = f"/sessions/{planned.pk}/"

    member = [item for item in _todo(world, "uyvien1") if item["kind"] == "vote"]
    staff = [item for item in _todo(world, "canbo") if item["kind"] == "open"]

    assert [item["url"] for item in member] == [url]
    assert [item["url"] for item in staff] == [url]
    assert as_user("uyvien1").get(url).status_code == 200


def test_the_drafts_link_filters_the_list_by_status(world, db):
    drafts = [item for item in _todo(world, "truongphong") if item["kind"] == "draft"]

    assert [item["url"] for item in drafts] == ["/nominations/?status=draft"]
