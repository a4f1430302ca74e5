from django.urls import path
from rest_framework.routers import SimpleRouter

from certificates import api, api_annex, api_documents

router = SimpleRouter()
router.register("certificates", api.CertificateViewSet, basename="certificate")
router.register("print-profiles", api.PrintProfileViewSet, basename="print-profile")
router.register("print-jobs", api.PrintJobViewSet, basename="print-job")

urlpatterns = [
    *router.urls,
    path("decisions/<int:pk>/pdf/", api_documents.DecisionPdfView.as_view(), name="api-decision-pdf"),
    path(
        "council-sessions/<int:pk>/minutes/",
        api_documents.MinutesPdfView.as_view(),
        name="api-session-minutes",
    ),
    path(
        "decisions/<int:pk>/annex.xlsx",
        api_annex.DecisionAnnexXlsxView.as_view(),
        name="api-decision-annex-xlsx",
    ),
    path(
        "decisions/<int:pk>/annex.docx",
        api_annex.DecisionAnnexDocxView.as_view(),
        name="api-decision-annex-docx",
    ),
    path("verify/<code>/", api.VerifyView.as_view(), name="api-verify"),
]
