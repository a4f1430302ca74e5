from django.urls import path

from operations.health import readyz

urlpatterns = [path("readyz", readyz, name="readyz")]
