"""Health endpoints for load balancers and process supervisors (django-health-check).

/healthz says the process is alive and checks nothing else, so a restart is never
triggered by a database outage that a restart cannot mend. /readyz says whether this
instance can serve: the database answers, every migration is applied, Redis answers.
It answers 503 naming each failing part, so a load balancer stops sending it requests.
"""

import dataclasses
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Code newer than its database (an upgrade not yet migrated) must not serve."""

    alias: str = DEFAULT_DB_ALIAS

    def run(self) -> None:
        connection = connections[self.alias]
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            # Runs in a pool thread, whose connection nobody else would close.
            connection.close()
        if plan:
            names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan)
            raise ServiceUnavailable(f"{len(plan)} not applied: {names}")


def _broker_client() -> RedisClient:
    """Redis as Celery reaches it (REDIS_URL), read at each check so tests can move it."""
    return RedisClient.from_url(settings.REDIS_URL, socket_connect_timeout=3, socket_timeout=3)


class ReadinessView(HealthCheckView):
    checks = (
        Database,
        Migrations,
        (Redis, {"client_factory": _broker_client}),
        # Django's cache: Redis too in production (perhaps another one), memory otherwise.
        Cache,
    )

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = await super().get(request, *args, **kwargs)
        # django-health-check answers 500; "not ready" is 503, which tells a load balancer
        # to try elsewhere and a monitor that the fault lies outside the app.
        if response.status_code == 500:
            response.status_code = 503
        return response


liveness = HealthCheckView.as_view(checks=())
readiness = ReadinessView.as_view()
