from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "praynews.site.editorial"
    label = "editorial"
    verbose_name = "Editorial: posts and review"

    def ready(self) -> None:
        from praynews.site.editorial.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
