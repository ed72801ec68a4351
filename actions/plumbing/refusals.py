"""The HTML pages' one mapping from a service's refusal to what the page answers, for
the workspace and the admin alike (the API has its own, in actions/api/actions.py).

Views do not check permissions before calling a service: the service checks, and its
refusal comes back here. The page is shown again with the person's input and the
refusal's own message (written once, in actions/services.py), answering 403 when their
role does not allow it, 409 when someone else saved first (the page then shows the
action as it is now) and 400 for anything else the rules refuse.
"""

from __future__ import annotations

from django import forms

from actions import services


def status_for(error: services.ActionError) -> int:
    """The HTTP status of the page that shows this refusal."""
    if isinstance(error, services.StaleAction):
        return 409
    if isinstance(error, services.NotPermitted):
        return 403
    return 400


def show_on_form(form: forms.BaseForm, error: services.ActionError) -> int:
    """Puts the refusal's message on the form (on its field, if the form has that field)
    and returns the status of the page that shows the form again."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))
    return status_for(error)
