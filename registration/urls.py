from django.urls import path

from . import views

app_name = "registration"

urlpatterns = [
    path("", views.event_home, name="event-home"),
    path("register/", views.event_register, name="register"),
    path("me/", views.my_registration, name="my-registration"),
    path("me/badge/", views.my_badge, name="my-badge"),
    path("me/cancel/", views.cancel_my_registration, name="cancel"),
    path("entrance/", views.entrance_scanner, name="entrance"),
]
