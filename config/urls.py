from django.contrib import admin
from django.db import connection
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def healthz(request):
    """Liveness with a real database round trip."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


api_v1 = [
    path("", include("awards.api_urls")),
    path("", include("nominations.api_urls")),
    path("", include("certificates.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("operations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("awards.urls")),
    path("", include("nominations.urls")),
    path("", include("certificates.urls")),
]

handler500 = "config.views.server_error"
handler404 = "config.views.not_found"
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
