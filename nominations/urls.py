"""Pages of the process: home, nominations, appraisal, council sessions, decisions."""

from django.urls import path

from nominations import views, views_council, views_notifications

urlpatterns = [
    path("", views.home, name="home"),
    path("nominations/", views.nomination_list, name="nomination-list"),
    path("nominations/new/", views.nomination_create, name="nomination-create"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination-edit"),
    path("nominations/<int:pk>/documents/", views.attachment_upload, name="attachment-upload"),
    path("nominations/<int:pk>/documents/<int:aid>/", views.attachment_download, name="attachment-download"),
    path(
        "nominations/<int:pk>/documents/<int:aid>/delete/", views.attachment_delete, name="attachment-delete"
    ),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination-submit"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination-withdraw"),
    path("nominations/<int:pk>/confirm/", views.nomination_confirm, name="nomination-confirm"),
    path("nominations/<int:pk>/appraise/", views.nomination_appraise, name="nomination-appraise"),
    path("nominations/<int:pk>/revoke/", views.nomination_revoke, name="nomination-revoke"),
    path("inbox/", views.inbox, name="inbox"),
    path("notifications/", views_notifications.notification_list, name="notification-list"),
    path("notifications/read-all/", views_notifications.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/", views_notifications.notification_open, name="notification-open"),
    path("profile/", views_notifications.profile, name="profile"),
    path("sessions/", views_council.session_list, name="session-list"),
    path("sessions/new/", views_council.session_create, name="session-create"),
    path("sessions/<int:pk>/", views_council.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views_council.session_edit, name="session-edit"),
    path("sessions/<int:pk>/attendance/", views_council.session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/open/", views_council.session_open, name="session-open"),
    path("sessions/<int:pk>/close/", views_council.session_close, name="session-close"),
    path("sessions/<int:pk>/vote/", views_council.session_vote, name="session-vote"),
    path("decisions/", views_council.decision_list, name="decision-list"),
    path("decisions/new/", views_council.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", views_council.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/issue/", views_council.decision_issue, name="decision-issue"),
    path("decisions/<int:pk>/delete/", views_council.decision_delete, name="decision-delete"),
    path("decisions/<int:pk>/return/", views_council.decision_return, name="decision-return"),
    path("decisions/<int:pk>/edit/", views_council.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/resubmit/", views_council.decision_resubmit, name="decision-resubmit"),
]
