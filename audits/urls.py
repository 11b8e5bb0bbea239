from django.urls import path

from .views import feedback, form, history

app_name = "audits"
urlpatterns = [
    # Recording an audit (the auditor).
    path("start/", form.audit_start, name="start"),
    path("mine/", form.my_audits, name="mine"),
    path("<int:pk>/edit/", form.audit_edit, name="edit"),
    path("<int:pk>/autosave/", form.audit_autosave, name="autosave"),
    path("<int:pk>/submitted/", form.audit_submitted, name="submitted"),
    # Reading and acting on audits (practitioners, managers).
    path("<int:pk>/", feedback.audit_detail, name="detail"),
    path("<int:pk>/acknowledge/", feedback.audit_acknowledge, name="acknowledge"),
    path("my-feedback/", feedback.my_feedback, name="my_feedback"),
    path("team/", feedback.team_audits, name="team"),
    path("escalations/", feedback.escalation_list, name="escalations"),
    path(
        "escalations/<int:pk>/acknowledge/",
        feedback.escalation_acknowledge,
        name="escalation_acknowledge",
    ),
    path("actions/", feedback.my_actions, name="actions"),
    path("actions/<int:pk>/done/", feedback.action_complete, name="action_complete"),
    # The QA lead.
    path("<int:pk>/history/", history.audit_history, name="history"),
]
