"""The one-click unsubscribe link of reminders: /me/reminders/off/<token>/."""

from django.urls import path

from . import views

urlpatterns = [
    path("reminders/off/<str:token>/", views.unsubscribe_reminders, name="reminders-unsubscribe"),
]
