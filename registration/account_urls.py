"""The signed-in person's own pages, across events: /me/..."""

from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.edit_profile, name="account-profile"),
    path("data.json", views.export_my_data, name="account-data"),
    path("delete/", views.delete_my_account, name="account-delete"),
]
