from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "praynews editor"
admin.site.site_title = "praynews editor"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("newsletter/", include("praynews.site.newsletter.urls")),
    path("", include("praynews.site.publishing.urls")),
]
