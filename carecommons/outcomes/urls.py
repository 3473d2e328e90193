from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.outcomes, name="outcomes"),
    path("outcomes.csv", views.outcomes_csv, name="outcomes-csv"),
    path("outcomes.json", views.outcomes_json, name="outcomes-json"),
    path("<slug:key>/", views.measure, name="measure"),
]
