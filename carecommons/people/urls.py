from django.urls import path

from carecommons.people import views, views_home

app_name = "people"
urlpatterns = [
    path("", views_home.home, name="home"),
    path("people/", views.find, name="find"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/open/", views.break_glass, name="break-glass"),
    path("people/reviews/", views.break_glass_review, name="break-glass-review"),
    path("my-record/", views.my_record, name="my-record"),
    path("my-record/what-matters/", views.my_statement, name="my-statement"),
    path("my-record/who-looked/", views.my_access_log, name="my-access-log"),
]
