from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    default_auto_field = "django.db.models.BigAutoField"
