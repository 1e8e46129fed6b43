"""The desk's routes: every one is for editors only (`views.desk_view`), and every one that
changes something takes POST behind Django's CSRF check (tests/site/test_desk_routes.py walks
this list)."""

from django.urls import path

from praynews.site.desk import views

app_name = "desk"

urlpatterns = [
    path("", views.day, name="day"),
    path("posts/<int:pk>/", views.review, name="post"),
    path("posts/<int:pk>/edit/", views.edit, name="edit"),
    path("posts/<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("posts/<int:pk>/verse/", views.verse, name="verse"),
    path("posts/<int:pk>/move/", views.move, name="move"),
    path("posts/<int:pk>/preview/", views.preview, name="preview"),
    path("posts/<int:pk>/preview/email/", views.preview_email, name="preview_email"),
    path("posts/<int:pk>/revisions/", views.revisions, name="revisions"),
    path("replies/", views.replies, name="replies"),
    path("replies/<int:pk>/", views.reply, name="reply"),
]
