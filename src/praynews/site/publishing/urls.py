from django.urls import path

from praynews.site.publishing import feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/<slug:slug>/", views.post_detail, name="post"),
    path("posts/<slug:slug>/prayed/", views.prayed, name="prayed"),
    path("feed/rss/", feeds.LatestPostsRss(), name="feed_rss"),
    path("feed/atom/", feeds.LatestPostsAtom(), name="feed_atom"),
    path("media/<path:path>", views.media, name="media"),
]
