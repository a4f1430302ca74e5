from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The eligibility engine (awards) asks us which other nominations hold
        # a nominee's achievement ("no_duplicate"): awards never imports us.
        from awards import eligibility
        from nominations.selectors import open_nominations_for

        eligibility.register_open_nominations_provider(open_nominations_for)
