from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from awards import credentials

        credentials.connect(self.get_model("User"))
