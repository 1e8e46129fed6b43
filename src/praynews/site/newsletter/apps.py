from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "praynews.site.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter: subscribers and mailings"

    def ready(self) -> None:
        from praynews.site.editorial.signals import post_published
        from praynews.site.newsletter.queueing import queue_published_post

        post_published.connect(queue_published_post, dispatch_uid="newsletter-queue-post")
