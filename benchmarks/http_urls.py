"""The benchmark's URLs: the app's own, plus a "hello" view and a "floor" view.

hello answers a fixed string, so it costs what the server and the middleware cost.
floor answers the same 50 rows as the API's first page of in-progress actions, with one
raw SQL query and json.dumps: about the least any view that shows data can do. Both go
through the full middleware, as every page does.
"""

import json
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

FLOOR_SQL = """
    SELECT a.id, a.title, a.description, a.status, a.priority, a.due_date, a.owner_id,
           a.finding_id, a.version, a.created_at, a.updated_at
    FROM actions_actionitem a
    WHERE a.status = 'in_progress'
    ORDER BY a.due_date, a.id
    LIMIT 50
"""


def count_queries(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Middleware: the number of SQL queries the request ran, in an X-Queries header."""

    def middleware(request: HttpRequest) -> HttpResponse:
        queries = 0

        def counter(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Queries"] = str(queries)
        return response

    return middleware


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


def floor(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL)
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return HttpResponse(json.dumps({"results": rows}, default=str), content_type="application/json")


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/floor/", floor),
    *app_urlpatterns,
]
