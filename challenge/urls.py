from django.urls import path

from . import results_views, views

app_name = "challenge"

# Mounted under /<event-slug>/challenge/.
urlpatterns = [
    path("", views.challenge_page, name="challenge"),
    path("team/new/", views.team_create, name="team-create"),
    path("team/", views.team_page, name="team"),
    path("team/invite/", views.team_invite, name="team-invite"),
    path("team/leave/", views.team_leave, name="team-leave"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("terms/", views.terms, name="terms"),
    path("data/<int:file_id>/", views.data_file, name="data-file"),
    path("team/submissions/", views.submissions, name="submissions"),
    path("team/submissions/status.json", views.submissions_status, name="submissions-status"),
    path("team/submissions/final/", views.final_choice, name="final-choice"),
    # --- results ---
    path("leaderboard/", results_views.leaderboard, name="leaderboard"),
    path("talent-pool/", results_views.talent_pool, name="talent-pool"),
]
