from rest_framework.routers import SimpleRouter

from nominations.api.council import CouncilSessionViewSet
from nominations.api.decisions import DecisionViewSet
from nominations.api.nominations import NominationViewSet
from nominations.api.notifications import NotificationViewSet

router = SimpleRouter()
router.register("nominations", NominationViewSet, basename="nomination")
router.register("council-sessions", CouncilSessionViewSet, basename="council-session")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [*router.urls]
