from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The eligibility engine (awards) asks us which other nominations hold
        # a nominee's achievement ("no_duplicate"): awards never imports us.
        from awards import eligibility, history
        from nominations.history import add_nominations
        from nominations.selectors import open_nominations_for

        eligibility.register_open_nominations_provider(open_nominations_for)
        # The register's profiles list every nomination of a person or collective.
        history.register_history_provider("1-nominations", add_nominations)
