from django.urls import path
from rest_framework.routers import SimpleRouter

from awards import api, api_register

router = SimpleRouter()
router.register("users", api.UserViewSet, basename="user")
router.register("blocs", api.BlocViewSet, basename="bloc")
router.register("organizations", api.OrganizationViewSet, basename="organization")
router.register("people", api.PersonViewSet, basename="person")
router.register("award-types", api.AwardTypeViewSet, basename="award-type")
router.register("rule-sets", api.RuleSetViewSet, basename="rule-set")
router.register("base-salaries", api.BaseSalaryViewSet, basename="base-salary")
router.register("periods", api.PeriodViewSet, basename="period")
router.register("holds", api.HoldViewSet, basename="hold")
router.register("ratings", api.RatingViewSet, basename="rating")
router.register("rating-locks", api.RatingLockViewSet, basename="rating-lock")
router.register("initiatives", api.InitiativeViewSet, basename="initiative")
router.register("bloc-results", api.BlocResultViewSet, basename="bloc-result")
router.register("registrations", api.RegistrationViewSet, basename="registration")
router.register("award-records", api.AwardRecordViewSet, basename="award-record")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("imports/<str:kind>/", api.ImportView.as_view(), name="api-import"),
    path("people/<int:pk>/history/", api_register.PersonHistoryView.as_view(), name="api-person-history"),
    path(
        "organizations/<int:pk>/history/",
        api_register.OrganizationHistoryView.as_view(),
        name="api-organization-history",
    ),
    path("statistics/awards/", api_register.AwardStatisticsView.as_view(), name="api-statistics-awards"),
    *router.urls,
]
