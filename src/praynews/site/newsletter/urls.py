from django.urls import path

from praynews.site.newsletter import views

urlpatterns = [
    path("", views.subscribe_page, name="newsletter"),
    path("subscribe/", views.subscribe, name="newsletter_subscribe"),
    path("confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("preferences/<str:token>/", views.preferences, name="newsletter_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
    path("mail/<int:mailing_id>/", views.mail_in_browser, name="newsletter_mail"),
    path("webhook/bounces/", views.bounce_webhook, name="newsletter_bounce_webhook"),
]
