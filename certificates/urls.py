"""Pages of the output side: printing, decision and minutes PDFs."""

from django.urls import path

from certificates import verify_views, views

urlpatterns = [
    path("printing/", views.print_home, name="print-home"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision-pdf"),
    path("sessions/<int:pk>/minutes.pdf", views.session_minutes, name="session-minutes"),
    path("verify/<code>/", verify_views.verify_page, name="certificate-verify"),
]
