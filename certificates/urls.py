"""Pages of the output side: printing, print profiles, decision and minutes PDFs."""

from django.urls import path

from certificates import verify_views, views

urlpatterns = [
    path("printing/", views.print_home, name="print-home"),
    path("pickers/decisions/", views.decision_picker, name="picker-decisions"),
    path("printing/certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("printing/jobs/<int:pk>/", views.print_job_detail, name="print-job"),
    path("printing/jobs/<int:pk>/status/", views.print_job_status, name="print-job-status"),
    path("printing/jobs/<int:pk>/pdf/", views.print_job_pdf, name="print-job-pdf"),
    path("printing/jobs/<int:pk>/retry/", views.print_job_retry, name="print-job-retry"),
    path("printing/profiles/", views.profile_list, name="print-profiles"),
    path("printing/profiles/new/", views.profile_create, name="print-profile-create"),
    path("printing/profiles/<int:pk>/edit/", views.profile_edit, name="print-profile-edit"),
    path("printing/emblems/", views.emblem_list, name="print-emblems"),
    path("printing/profiles/<int:pk>/preview.png", views.profile_preview, name="print-profile-preview"),
    path(
        "printing/profiles/<int:pk>/calibration.pdf",
        views.profile_calibration,
        name="print-profile-calibration",
    ),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision-pdf"),
    path("sessions/<int:pk>/minutes.pdf", views.session_minutes, name="session-minutes"),
    path("verify/<code>/", verify_views.verify_page, name="certificate-verify"),
]
