from django.urls import path  # noqa: F401

app_name = "challenge"

# Mounted under /<event-slug>/challenge/.
urlpatterns = []
