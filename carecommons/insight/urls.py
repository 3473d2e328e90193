from django.urls import path

from carecommons.insight import views

app_name = "insight"
urlpatterns = [path("", views.team, name="team")]
