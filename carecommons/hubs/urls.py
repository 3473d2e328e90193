from django.urls import path

from carecommons.hubs import views

app_name = "hubs"
urlpatterns = [
    path("", views.hub_list, name="list"),
    path("<int:hub_id>/day/", views.day, name="today"),
    path("<int:hub_id>/day/<str:date>/", views.day, name="day"),
    path("<int:hub_id>/bookings/<int:booking_id>/attendance/", views.attendance, name="attendance"),
]
