from django.urls import path
from rest_framework.routers import SimpleRouter

from awards import api

router = SimpleRouter()
router.register("users", api.UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    *router.urls,
]
