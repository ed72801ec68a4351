"""Personal API tokens (the rules that make and check them are in actions/tokens.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A person's named key for scripts using the REST API. Only a hash is stored; the
    key itself is shown once, when it is made."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    # The first characters of the key, kept so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    # Read only unless asked: a dashboard's token should not be able to close actions.
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    expires_on = models.DateField(
        null=True, blank=True, help_text="The last day it works; empty: until it is revoked."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def has_expired(self) -> bool:
        """Past its last day, as the day is counted where the service runs (TIME_ZONE)."""
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
