from django.urls import path

from carecommons.relationships import views, views_looking

app_name = "relationships"
urlpatterns = [
    path("matching/", views.matching_home, name="home"),
    path("matching/rounds/<int:round_id>/", views.round_detail, name="round"),
    path("matching/profiles/", views.profiles, name="profiles"),
    path("matching/profiles/new/", views.carer_edit, name="carer-new"),
    path("matching/profiles/<int:carer_id>/", views.carer_edit, name="carer-edit"),
    path("people/<int:person_id>/looking-for/", views_looking.start, name="seeker-edit"),
    path("people/<int:person_id>/looking-for/check/", views_looking.check, name="seeker-check"),
    path("people/<int:person_id>/looking-for/<slug:step>/", views_looking.step_page, name="seeker-step"),
    path("matching/looking/<int:seeker_id>/shortlist/", views.seeker_shortlist, name="seeker-shortlist"),
    path("matching/profiles/<int:carer_id>/shortlist/", views.carer_shortlist, name="carer-shortlist"),
    path("matching/arrangements/<int:arrangement_id>/", views.arrangement_detail, name="arrangement"),
    path("my-record/continuity/", views.my_continuity, name="my-continuity"),
    path("people/<int:person_id>/continuity/", views.person_continuity, name="person-continuity"),
    path("market/continuity/", views.provider_continuity, name="providers"),
]
