from django.urls import path

from carecommons.assessments import views, views_determine

app_name = "assessments"
urlpatterns = [
    path("assessments/start/", views.start_own, name="start-own"),
    path("assessments/waiting/", views.waiting, name="waiting"),
    path("assessments/import/", views.import_assessment, name="import"),
    path("assessments/easy-read/", views.easy_read, name="easy-read"),
    path("assessments/with-booking/<int:booking_id>/", views.start_with_booking, name="start-with-booking"),
    path("conversations/<int:conversation_id>/assessment/", views.start_from_conversation, name="start-from-conversation"),
    path("assessments/<int:assessment_id>/", views.overview, name="overview"),
    path("assessments/<int:assessment_id>/about/", views.about, name="about"),
    path("assessments/<int:assessment_id>/questions/<str:key>/", views.question, name="question"),
    path("assessments/<int:assessment_id>/check/", views.check, name="check"),
    path("assessments/<int:assessment_id>/determine/", views_determine.determine, name="determine"),
    path("assessments/<int:assessment_id>/determine/outcomes/<str:key>/", views_determine.determine_outcome,
         name="determine-outcome"),
    path("assessments/<int:assessment_id>/signed-copy.json", views.signed_copy, name="signed-copy"),
    path("assessments/<int:assessment_id>/your-copy/", views.readable_copy, name="readable-copy"),
]
