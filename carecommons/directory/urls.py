from django.urls import path

from carecommons.directory import views

app_name = "directory"
urlpatterns = [
    path("directory/", views.directory, name="list"),
    path("directory/services/<uuid:service_id>/", views.service_page, name="service"),
    path("conversations/<int:conversation_id>/next-steps/", views.next_steps, name="next-steps"),
]
