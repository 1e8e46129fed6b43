from django.apps import AppConfig
from django.db.models.signals import post_save


class PublishingConfig(AppConfig):
    name = "praynews.site.publishing"
    label = "publishing"
    verbose_name = "Publishing: pages, feeds and replies"

    def ready(self) -> None:
        from praynews.site.editorial.models import Post
        from praynews.site.publishing.listing import relist_saved_post
        from praynews.site.publishing.pagecache import listen_for_changes

        post_save.connect(relist_saved_post, sender=Post, dispatch_uid="publishing-relist-post")
        listen_for_changes()
