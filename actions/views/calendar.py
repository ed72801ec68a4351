"""Placeholder while this part of the workspace is being built."""

from django.http import Http404


def calendar_settings(request, *args, **kwargs):
    raise Http404


calendar_feed = calendar_settings
