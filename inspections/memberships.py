"""Who belongs to which authority, and in what role: the one table that access reads.

It has a module of its own so that permissions.py can read it while the other models
(whose `for_user` querysets call permissions.py) import permissions.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Membership(models.Model):
    class Role(models.TextChoices):
        VIEWER = "viewer", "Viewer"
        OWNER = "owner", "Action owner"
        MANAGER = "manager", "Manager"
        ADMIN = "admin", "Administrator"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(
        "inspections.LocalAuthority", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["authority__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "authority"], name="membership_once_per_authority"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["viewer", "owner", "manager", "admin"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.authority}"
