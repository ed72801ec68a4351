from django.urls import path

from actions.views import calendar, dashboard, detail, inspections, lists, themes

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
    path("evidence/<int:pk>/", detail.evidence, name="evidence"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("findings/<int:pk>/actions/new/", inspections.add_action, name="finding_add_action"),
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("themes/", themes.recurring_themes, name="themes"),
]
