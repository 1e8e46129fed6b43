from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "praynews.site.news"
    label = "news"
    verbose_name = "News: sources and articles"
