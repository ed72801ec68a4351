"""Placeholder while this part of the workspace is being built."""

from django.http import Http404


def action_list(request, *args, **kwargs):
    raise Http404


action_export = assign_many = action_list
