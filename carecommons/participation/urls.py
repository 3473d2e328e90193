from django.urls import path

from carecommons.participation import views, views_letters

app_name = "participation"

urlpatterns = [
    path("have-your-say/", views.home, name="home"),
    path("have-your-say/areas/<slug:slug>/", views.area_detail, name="area"),
    path("have-your-say/what-works/", views.models_list, name="models"),
    path("have-your-say/what-works/<slug:slug>/", views.model_detail, name="model"),
    path("have-your-say/rounds/<int:round_id>/", views.round_detail, name="round"),
    path("have-your-say/rounds/<int:round_id>/vote/", views.vote, name="vote"),
    path("have-your-say/rounds/<int:round_id>/ballots.csv", views.export_csv, name="export-csv"),
    path("have-your-say/rounds/<int:round_id>/ballots.pb", views.export_pb, name="export-pb"),
    path("vote/", views_letters.vote_start, name="vote-start"),
    path("participation/", views.manage, name="manage"),
    path("participation/rounds/new/", views.round_new, name="round-new"),
    path("participation/rounds/<int:round_id>/", views.manage_round, name="manage-round"),
    path("participation/rounds/<int:round_id>/letters/", views_letters.letters, name="letters"),
    path("participation/rounds/<int:round_id>/letters/<int:batch_id>/", views_letters.letters_batch, name="letters-batch"),
    path("participation/rounds/<int:round_id>/letters/<int:batch_id>/print/", views_letters.letters_print, name="letters-print"),
    path("participation/rounds/<int:round_id>/letters/<int:batch_id>/letters.html", views_letters.letters_download, name="letters-download"),
    path("participation/moderation/", views.moderation, name="moderation"),
    path("participation/areas/<slug:slug>/figures/", views.figures, name="figures"),
    path("participation/import/", views.import_round, name="import"),
]
