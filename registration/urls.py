from django.urls import path

from . import views

app_name = "registration"

urlpatterns = [
    path("", views.event_home, name="event-home"),
    path("programme/", views.event_section_placeholder, {"section": "programme"}, name="programme"),
    path("register/", views.event_section_placeholder, {"section": "registration"}, name="register"),
    path("booths/", views.event_section_placeholder, {"section": "booths"}, name="booths"),
]
