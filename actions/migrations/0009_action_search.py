"""GIN indexes for the workspace search on PostgreSQL (actions/filters.py, filter_text).

The list's search looks each word up in the actions' title and description and in their
findings' text, as full text: one index on each table, over the very expressions the
search uses (PostgreSQL uses an expression index only for the same expression). They are
not in the models' Meta, because SQLite has neither GIN indexes nor full text; there this
migration does nothing, and the search matches words with LIKE instead.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# (app, model, index) as actions/filters.py searches them.
INDEXES = [
    (
        "actions",
        "ActionItem",
        GinIndex(SearchVector("title", "description", config="english"), name="action_search"),
    ),
    (
        "inspections",
        "Finding",
        GinIndex(SearchVector("text", config="english"), name="finding_search"),
    ),
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, index in INDEXES:
        schema_editor.add_index(apps.get_model(app, model), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, index in INDEXES:
        schema_editor.remove_index(apps.get_model(app, model), index)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0008_plans_requests_and_public_summaries"),
        ("inspections", "0012_statement_of_action"),
    ]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
