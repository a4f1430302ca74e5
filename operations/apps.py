from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Vận hành")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from operations import receivers  # noqa: F401 - connects the audit receivers
