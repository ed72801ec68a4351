"""The Django admin for both apps, registered when Django's admin autodiscovers
`actions.admin`."""

from actions.admin import actions, inspections

__all__ = ["actions", "inspections"]
