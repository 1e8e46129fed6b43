from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "praynews.site.publishing"
    label = "publishing"
    verbose_name = "Publishing: pages, feeds and replies"
