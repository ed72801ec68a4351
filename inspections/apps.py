from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        from inspections.revisions import install_after_migrate, uninstall_before_migrate

        pre_migrate.connect(uninstall_before_migrate, sender=self)
        post_migrate.connect(install_after_migrate, sender=self)
