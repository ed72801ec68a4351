from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        from inspections.revisions import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self)
