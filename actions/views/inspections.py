"""Placeholder while this part of the workspace is being built."""

from django.http import Http404


def inspection_detail(request, *args, **kwargs):
    raise Http404


add_action = inspection_detail
