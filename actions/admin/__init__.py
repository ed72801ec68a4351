"""The Django admin for both apps, registered when Django's admin autodiscovers
`actions.admin`. Who sees which rows is decided in actions/admin/scoping.py."""

from actions.admin import accounts, actions, inspections, review_queue

__all__ = ["accounts", "actions", "inspections", "review_queue"]
