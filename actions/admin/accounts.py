"""The other apps' admins (people, groups, sign-in attempts): for the service's
administrators only. They are no one authority's, and a council's staff who could change
people could make themselves superusers."""

from __future__ import annotations

# Imported so that their models are registered before they are registered again here.
import axes.admin  # noqa: F401
import django.contrib.auth.admin  # noqa: F401
from django.contrib import admin
from django.contrib.auth.models import Group, User

from actions.admin.scoping import restrict_to_superusers

OUR_APPS = {"actions", "inspections"}

restrict_to_superusers(
    *(model for model in list(admin.site._registry) if model._meta.app_label not in OUR_APPS)
)

# Django's two-box picker (filter_horizontal) writes inline styles, which the CSP blocks,
# and gives a <span> an aria-label (an axe failure): the plain multiple select instead.
# Its split date-and-time inputs have no labels (axe again), and no one edits a sign-in date.
for model in (Group, User):
    type(admin.site._registry[model]).filter_horizontal = ()
type(admin.site._registry[User]).readonly_fields = ("last_login", "date_joined")
