from django.urls import path

from carecommons.relationships import views

app_name = "relationships"
urlpatterns = [
    path("matching/", views.matching_home, name="home"),
    path("matching/rounds/<int:round_id>/", views.round_detail, name="round"),
    path("matching/arrangements/<int:arrangement_id>/", views.arrangement_detail, name="arrangement"),
    path("my-record/continuity/", views.my_continuity, name="my-continuity"),
    path("people/<int:person_id>/continuity/", views.person_continuity, name="person-continuity"),
    path("market/continuity/", views.provider_continuity, name="providers"),
]
