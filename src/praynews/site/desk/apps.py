from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "praynews.site.desk"
    label = "desk"
    verbose_name = "The editor's desk"
