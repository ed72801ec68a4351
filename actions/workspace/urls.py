from django.urls import path

from actions.workspace.views import (
    calendar,
    dashboard,
    detail,
    documents,
    due_dates,
    email_reply,
    inspections,
    lists,
    notifications,
    preferences,
    themes,
    tokens,
)

app_name = "workspace"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("actions/", lists.action_list, name="actions"),
    path("actions/export.<str:fmt>", lists.action_export, name="actions_export"),
    path("actions/assign/", lists.assign_many, name="actions_assign"),
    path("actions/<int:pk>/", detail.action_detail, name="action"),
    path("actions/<int:pk>/note/", detail.add_note, name="action_note"),
    path("actions/<int:pk>/status/", detail.change_status, name="action_status"),
    path("actions/<int:pk>/edit/", detail.edit_action, name="action_edit"),
    path(
        "actions/<int:pk>/public-summary/",
        detail.approve_public_summary,
        name="action_public_summary",
    ),
    path("actions/<int:pk>/due-date/", due_dates.request_due_date, name="due_date_request"),
    path("due-dates/<int:pk>/decide/", due_dates.decide_due_date, name="due_date_decide"),
    path("due-dates/<int:pk>/withdraw/", due_dates.withdraw_due_date, name="due_date_withdraw"),
    path("evidence/<int:pk>/", detail.evidence, name="evidence"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/statement/", inspections.change_statement, name="statement_change"),
    path(
        "inspections/<int:pk>/statement/record/",
        inspections.record_statement,
        name="statement_record",
    ),
    path("inspections/<int:pk>/plan.<str:fmt>", documents.inspection_plan, name="plan"),
    path("inspections/<int:pk>/report.<str:fmt>", documents.inspection_report, name="report"),
    path(
        "authorities/<slug:slug>/report.<str:fmt>",
        documents.authority_report,
        name="authority_report",
    ),
    path("findings/<int:pk>/actions/new/", inspections.add_action, name="finding_add_action"),
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("themes/", themes.recurring_themes, name="themes"),
    path("notifications/", notifications.my_notifications, name="notifications"),
    path("reminders/", preferences.reminder_settings, name="reminder_settings"),
    path("outbox/", notifications.outbox, name="outbox"),
    path("outbox/sweep/", notifications.run_sweep, name="outbox_sweep"),
    path("outbox/<int:pk>/resend/", notifications.resend, name="outbox_resend"),
    # Opened from a reminder e-mail without signing in: the signed token is the key.
    path("reply/<str:token>/", email_reply.email_reply, name="email_reply"),
    path("tokens/", tokens.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", tokens.revoke_api_token, name="api_token_revoke"),
]
