from django.urls import path

app_name = "challenge"

# Mounted under /<event-slug>/challenge/.
urlpatterns = []

# --- results ---
from . import results_views  # noqa: E402 - each part appends its own patterns

urlpatterns += [
    path("leaderboard/", results_views.leaderboard, name="leaderboard"),
    path("talent-pool/", results_views.talent_pool, name="talent-pool"),
]
