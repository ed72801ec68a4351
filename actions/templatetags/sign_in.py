"""`{% sign_in_options as options %}`: what the sign-in page offers (single sign-on, passwords)."""

from django import template

from actions.plumbing.sso import sign_in_options

register = template.Library()
register.simple_tag(sign_in_options)
