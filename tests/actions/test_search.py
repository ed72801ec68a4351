"""The workspace search: every word, in any order, in an action or its finding; on
PostgreSQL through full text and its GIN indexes, elsewhere word by word. These tests run
on both databases (scripts/test.sh), and pass on each for its own reasons."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from actions.filters import every_word_condition
from actions.models import ActionItem
from tests.actions.test_list import add_action

DOMESTIC_ABUSE = (
    "Leaders should make sure that children at risk of domestic abuse are seen quickly "
    "when police share a notification."
)


@pytest.fixture
def signed_in_manager(client, world):
    client.force_login(world.manager)
    return client


def found(client, query: str) -> list[str]:
    response = client.get(reverse("workspace:actions"), {"q": query, "sort": "title"})
    assert response.status_code == 200
    return [row.action.title for row in response.context["rows"]]


@pytest.fixture
def actions(world):
    add_action(world.inspection, "Respond to notifications", finding_text=DOMESTIC_ABUSE)
    add_action(
        world.inspection,
        "Police liaison",
        description="Meet the local police every month.",
        finding_text="Strategy meetings are not always timely.",
    )


def test_several_words_match_in_any_order_not_as_one_phrase(signed_in_manager, actions):
    assert found(signed_in_manager, "police domestic") == ["Respond to notifications"]
    assert found(signed_in_manager, "Domestic  POLICE") == ["Respond to notifications"]


def test_every_word_must_appear(signed_in_manager, actions):
    assert found(signed_in_manager, "police") == ["Police liaison", "Respond to notifications"]
    assert found(signed_in_manager, "police burglary") == []


def test_words_may_come_from_the_action_and_its_finding_together(signed_in_manager, actions):
    # "liaison" is in the title, "strategy" in the finding, "burglary" nowhere.
    assert found(signed_in_manager, "strategy liaison") == ["Police liaison"]
    assert found(signed_in_manager, "strategy liaison burglary") == []


def test_a_short_common_word_does_not_stop_a_match(signed_in_manager, actions):
    # Full text leaves "the" out; word by word, it is in the text.
    assert found(signed_in_manager, "meet the police") == ["Police liaison"]


def test_the_search_combines_with_the_other_filters(signed_in_manager, world, actions):
    response = signed_in_manager.get(
        reverse("workspace:actions"), {"q": "police", "owner": "unassigned", "sort": "title"}
    )

    assert [row.action.title for row in response.context["rows"]] == [
        "Police liaison",
        "Respond to notifications",
    ]
    assert found(signed_in_manager, "audits casework") == ["Improve audits"]


def test_the_search_uses_its_indexes_where_the_database_has_them(world, actions):
    searched = ActionItem.objects.filter(every_word_condition("police domestic"))
    assert [action.title for action in searched] == ["Respond to notifications"]

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The tables are tiny, so without this the planner reads them whole.
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = searched.explain()
        assert "Bitmap Index Scan on action_search" in plan
        assert "Bitmap Index Scan on finding_search" in plan
    else:
        # The migration does nothing where there is no full text.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name IN ('action_search', 'finding_search')"
            )
            assert cursor.fetchall() == []
