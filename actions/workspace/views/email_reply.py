"""The page a reminder e-mail's link opens: add a progress note, or mark the action
completed, without signing in. The signed link is the only credential, so every request
checks it again (actions/email_links.py) and nothing here trusts the form alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from actions import email_links, email_replies, services
from actions.display import long_date, person_name
from actions.plumbing import refusals
from actions.plumbing.forms import error_summary_items

if TYPE_CHECKING:
    from django.contrib.auth.models import User

COMPLETE, NOTE = "complete", "note"


class ReplyForm(forms.Form):
    what = forms.ChoiceField(
        label="What do you want to do?",
        choices=[(NOTE, "Add a progress note"), (COMPLETE, "Mark the action as completed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to add a note or complete the action"},
    )
    note = forms.CharField(
        label="Your note",
        help_text="Say what has been done. To complete the action, say how it was achieved.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a note"},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def email_reply(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = email_links.open_link(token)
    except email_links.LinkRefused as refused:
        return _refused(request, refused)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        complete = form.cleaned_data["what"] == COMPLETE
        try:
            action = email_replies.reply_by_email(
                token=token, note=form.cleaned_data["note"], complete=complete
            )
        except email_links.LinkRefused as refused:
            return _refused(request, refused)
        except services.ActionError as error:
            status = refusals.show_on_form(form, error)
        else:
            return render(
                request,
                "actions/email_reply_done.html",
                {"action": action, "completed": complete},
            )
    action = link.action
    context = {
        "form": form,
        "action": action,
        "person_name": person_name(cast("User", link.person)),
        "due": long_date(action.due_date) if action.due_date else "",
        "errors": error_summary_items(form) if form.is_bound else [],
    }
    return render(request, "actions/email_reply.html", context, status=status)


def _refused(request: HttpRequest, refused: email_links.LinkRefused) -> HttpResponse:
    return render(
        request,
        "actions/email_reply_refused.html",
        {"reason": str(refused)},
        status=410 if refused.gone else 404,
    )
