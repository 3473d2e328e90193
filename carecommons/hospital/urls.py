from django.urls import path

from . import views

app_name = "hospital"

urlpatterns = [
    path("ward/", views.ward, name="ward"),
    path("ward/send/", views.send, name="ward-send"),
]
