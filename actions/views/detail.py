"""Placeholder while this part of the workspace is being built."""

from django.http import Http404


def action_detail(request, *args, **kwargs):
    raise Http404


add_note = change_status = edit_action = evidence = action_detail
