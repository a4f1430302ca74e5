from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Vận hành")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from operations import receivers  # noqa: F401 - connects the audit receivers
        from operations.database import use_sqlite_variable_limit

        connection_created.connect(use_sqlite_variable_limit, dispatch_uid="sqlite-variable-limit")
