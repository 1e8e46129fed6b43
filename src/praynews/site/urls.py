from django.contrib import admin
from django.contrib.auth import views as auth
from django.urls import include, path

from praynews.site.views import healthz

admin.site.site_header = "praynews editor"
admin.site.site_title = "praynews editor"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("login/", auth.LoginView.as_view(template_name="desk/login.html"), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("desk/", include("praynews.site.desk.urls")),
    path("newsletter/", include("praynews.site.newsletter.urls")),
    path("", include("praynews.site.publishing.urls")),
]
