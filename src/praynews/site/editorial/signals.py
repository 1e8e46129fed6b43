"""What other parts of the site may hear about posts, without the editorial app knowing them:
the newsletter queues a post's mail when it is published."""

from django.dispatch import Signal

# Sent inside the transaction that publishes the post (sender: Post; post, clock): what a
# receiver writes commits or rolls back with the publishing.
post_published = Signal()
