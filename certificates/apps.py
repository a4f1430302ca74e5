from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from awards import history
        from certificates import receivers
        from certificates.history import add_certificates
        from nominations.signals import decision_issued

        decision_issued.connect(
            receivers.create_certificates, dispatch_uid="certificates.create_certificates"
        )
        history.register_history_provider("2-certificates", add_certificates)
