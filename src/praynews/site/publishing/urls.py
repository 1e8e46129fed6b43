from django.contrib.sitemaps.views import sitemap
from django.urls import path

from praynews.site.publishing import feeds, views
from praynews.site.publishing.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/<slug:slug>/", views.post_detail, name="post"),
    path("posts/<slug:slug>/prayed/", views.prayed, name="prayed"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<slug:kind>/<slug:slug>/", views.topic, name="topic"),
    path("topics/<slug:kind>/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("editions/", views.editions, name="editions"),
    path("editions/<str:day>/", views.edition, name="edition"),
    path("search/", views.search_page, name="search"),
    path("feed/rss/", feeds.PostsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.PostsAtom(), name="feed_atom"),
    path("feed/json/", feeds.json_feed, name="feed_json"),
    path("feed/podcast/", feeds.PodcastFeed(), name="podcast"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("media/<path:path>", views.media, name="media"),
]
