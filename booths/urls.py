from django.urls import path

from . import views

app_name = "booths"

urlpatterns = [
    path("booths/", views.directory, name="directory"),
    path("booths/dashboard/", views.organiser_dashboard, name="dashboard"),
    path("booths/<int:booth_id>/", views.booth_detail, name="booth"),
    path("booths/slots/<int:slot_id>/book/", views.book_slot, name="book-slot"),
    path("booths/bookings/<int:booking_id>/cancel/", views.cancel_booking, name="cancel-booking"),
    path("booths/bookings/<int:booking_id>/attendance/", views.mark_attendance, name="attendance"),
    path("booths/visits/<int:visit_id>/", views.edit_lead, name="edit-lead"),
    path("booths/<int:booth_id>/scan/", views.scanner, name="scanner"),
    path("booths/<int:booth_id>/visits/<int:visit_id>/lead", views.scan_lead, name="scan-lead"),
    path("booths/<int:booth_id>/leads/", views.leads, name="leads"),
    path("booths/<int:booth_id>/leads.csv", views.export_leads, name="export-leads"),
    path("booths/<int:booth_id>/leads.xlsx", views.export_leads, {"file_format": "xlsx"}, name="export-leads-xlsx"),
    path("booths/<int:booth_id>/devices/", views.create_device, name="create-device"),
    path("booths/<int:booth_id>/devices/<int:device_id>/revoke/", views.revoke_device, name="revoke-device"),
]
