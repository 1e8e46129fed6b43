from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "praynews.site.editorial"
    label = "editorial"
    verbose_name = "Editorial: posts and review"
