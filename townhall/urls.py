from django.urls import path

from . import views

app_name = "townhall"

urlpatterns = [
    path("townhall/rsvp/<str:token>/", views.rsvp, name="rsvp"),
]
