from django.urls import path
from rest_framework.routers import SimpleRouter

from certificates import api_documents

router = SimpleRouter()

urlpatterns = [
    *router.urls,
    path("decisions/<int:pk>/pdf/", api_documents.DecisionPdfView.as_view(), name="api-decision-pdf"),
    path(
        "council-sessions/<int:pk>/minutes/",
        api_documents.MinutesPdfView.as_view(),
        name="api-session-minutes",
    ),
]
