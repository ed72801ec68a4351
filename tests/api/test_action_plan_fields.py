"""The API reads and writes an action's lead and success measure, and documents them."""

from __future__ import annotations

LEAD = "Head of Quality Assurance"
MEASURE = "Nine in ten audits rated good by March"


def test_the_api_reads_and_writes_the_lead_and_measure(api):
    manager = api.client("manager")

    created = manager.post(
        "/api/v1/actions/",
        {
            "finding": api.world.finding.pk,
            "title": "Train auditors",
            "lead": LEAD,
            "success_measure": MEASURE,
        },
        format="json",
    )

    assert created.status_code == 201
    assert (created.data["lead"], created.data["success_measure"]) == (LEAD, MEASURE)
    changed = manager.patch(
        created.data["url"],
        {"lead": "Principal social worker", "version": created.data["version"]},
        format="json",
    )
    assert changed.status_code == 200
    assert (changed.data["lead"], changed.data["success_measure"]) == (
        "Principal social worker",
        MEASURE,
    )
    too_long = manager.patch(
        created.data["url"], {"lead": "x" * 201, "version": changed.data["version"]}, format="json"
    )
    assert too_long.status_code == 400
    assert "lead" in too_long.data["errors"]


def test_the_schema_documents_the_lead_and_measure(api):
    schemas = api.client(None).get("/api/v1/schema/", {"format": "json"}).json()["components"]
    for name in ("Action", "ActionCreateRequest", "PatchedActionChangeRequest"):
        properties = schemas["schemas"][name]["properties"]
        assert properties["lead"]["description"].startswith("Who leads the action"), name
        if name != "Action":  # what is written; the read schema just reads
            assert properties["lead"]["maxLength"] == 200, name
        assert properties["success_measure"]["description"], name
