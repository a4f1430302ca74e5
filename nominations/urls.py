"""Pages of the process: home, nominations, appraisal, council sessions, decisions."""

from django.urls import path

from nominations.views import actions, decisions, dossiers, home, notifications, pickers, sessions

urlpatterns = [
    path("", home.home, name="home"),
    path("nominations/", dossiers.nomination_list, name="nomination-list"),
    path("nominations/new/", dossiers.nomination_create, name="nomination-create"),
    path("nominations/<int:pk>/", dossiers.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/edit/", dossiers.nomination_edit, name="nomination-edit"),
    path("nominations/<int:pk>/documents/", dossiers.attachment_upload, name="attachment-upload"),
    path(
        "nominations/<int:pk>/documents/<int:aid>/", dossiers.attachment_download, name="attachment-download"
    ),
    path(
        "nominations/<int:pk>/documents/<int:aid>/delete/",
        dossiers.attachment_delete,
        name="attachment-delete",
    ),
    path("nominations/<int:pk>/submit/", actions.nomination_submit, name="nomination-submit"),
    path("nominations/<int:pk>/withdraw/", actions.nomination_withdraw, name="nomination-withdraw"),
    path("nominations/<int:pk>/confirm/", actions.nomination_confirm, name="nomination-confirm"),
    path("nominations/<int:pk>/appraise/", actions.nomination_appraise, name="nomination-appraise"),
    path("nominations/<int:pk>/revoke/", actions.nomination_revoke, name="nomination-revoke"),
    path("inbox/", dossiers.inbox, name="inbox"),
    path("pickers/agenda/", pickers.agenda_dossiers, name="picker-agenda"),
    path("pickers/approved/", pickers.approved_dossiers, name="picker-approved"),
    path("pickers/filter-units/", pickers.filter_units, name="picker-filter-units"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification-open"),
    path("profile/", notifications.profile, name="profile"),
    path("sessions/", sessions.session_list, name="session-list"),
    path("sessions/new/", sessions.session_create, name="session-create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("sessions/<int:pk>/attendance/", sessions.session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/open/", sessions.session_open, name="session-open"),
    path("sessions/<int:pk>/close/", sessions.session_close, name="session-close"),
    path("sessions/<int:pk>/vote/", sessions.session_vote, name="session-vote"),
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/new/", decisions.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision-issue"),
    path("decisions/<int:pk>/delete/", decisions.decision_delete, name="decision-delete"),
    path("decisions/<int:pk>/return/", decisions.decision_return, name="decision-return"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/resubmit/", decisions.decision_resubmit, name="decision-resubmit"),
]
