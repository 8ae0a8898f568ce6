from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("programme/", views.programme, name="programme"),
    path("programme/tracks.css", views.track_styles, name="track-styles"),
    path("programme/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("programme/sessions/<int:session_id>.ics", views.session_ics, name="session-ics"),
    path("programme/sessions/<int:session_id>/agenda/", views.agenda_toggle, name="agenda-toggle"),
    path("programme/sessions/<int:session_id>/seat/", views.seat, name="seat"),
    path("programme/speakers/", views.speaker_index, name="speakers"),
    path("programme/speakers/<int:speaker_id>/", views.speaker_detail, name="speaker"),
    path("programme/agenda/", views.my_agenda, name="my-agenda"),
    path("programme/agenda/reset/", views.reset_agenda_feed, name="agenda-reset"),
    path("programme/agenda/<str:token>.ics", views.agenda_feed, name="agenda-feed"),
    path("programme.ics", views.programme_ics, name="programme-ics"),
    path("schedule.json", views.schedule_json, name="schedule-json"),
    path("schedule.xml", views.schedule_xml, name="schedule-xml"),
]
