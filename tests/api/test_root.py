"""/api/v1/ lists the API's collections and links its schema and documentation."""

from __future__ import annotations

import pytest

ROOT = "/api/v1/"
COLLECTIONS = ["authorities", "inspections", "findings", "actions", "my_actions"]


def test_the_root_links_every_collection_and_the_docs(api):
    response = api.client("manager").get(ROOT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "authorities": "http://testserver/api/v1/authorities/",
        "inspections": "http://testserver/api/v1/inspections/",
        "findings": "http://testserver/api/v1/findings/",
        "actions": "http://testserver/api/v1/actions/",
        "my_actions": "http://testserver/api/v1/me/actions/",
        "imports": "http://testserver/api/v1/imports/",
        "schema": "http://testserver/api/v1/schema/",
        "docs": "http://testserver/api/v1/docs/",
    }


def test_each_link_of_the_root_answers(api):
    client = api.client("manager")
    links = client.get(ROOT).json()

    answers = {name: client.get(links[name]).status_code for name in [*COLLECTIONS, "schema"]}

    assert answers == dict.fromkeys([*COLLECTIONS, "schema"], 200)
    assert client.get(links["docs"]).status_code == 200
    # Letters are imported, not read, by those who may import them.
    assert api.client("admin").get(links["imports"]).status_code == 405


@pytest.mark.parametrize("collection", ["actions", "my_actions"])
def test_anyone_may_read_the_root_and_each_collection_still_decides(api, collection):
    anonymous = api.client(None)

    links = anonymous.get(ROOT)

    assert links.status_code == 200
    assert anonymous.get(links.json()["authorities"]).status_code == 200
    assert anonymous.get(links.json()[collection]).status_code == 401


def test_the_root_only_reads(api):
    response = api.client("manager").post(ROOT, {}, format="json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_the_root_is_in_the_schema(api):
    schema = api.client(None).get("/api/v1/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/"]["get"]
    assert operation["operationId"] == "root"
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    component = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert set(component["properties"]) == {*COLLECTIONS, "imports", "schema", "docs"}
    assert all(field["format"] == "uri" for field in component["properties"].values())
