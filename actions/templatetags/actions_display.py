from django import template

from actions import display

register = template.Library()


@register.filter
def status_colour(status: str) -> str:
    return display.STATUS_COLOURS.get(status, "grey")


@register.filter
def rag_colour(rag: str) -> str:
    return display.RAG_COLOURS.get(rag, "")
