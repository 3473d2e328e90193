from django.urls import path

from carecommons.people import (
    views,
    views_download,
    views_duplicates,
    views_home,
    views_invitations,
    views_messages,
    views_sharing,
    views_staff,
)

app_name = "people"
urlpatterns = [
    path("", views_home.home, name="home"),
    path("people/", views.find, name="find"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/open/", views.break_glass, name="break-glass"),
    path("people/duplicates/", views_duplicates.duplicates, name="duplicates"),
    path("people/<int:person_id>/join/<int:other_id>/", views_duplicates.merge, name="merge"),
    path("people/<int:person_id>/not-the-same/<int:other_id>/", views_duplicates.not_duplicate, name="not-duplicate"),
    path("people/reviews/", views.break_glass_review, name="break-glass-review"),
    path("my-record/", views.my_record, name="my-record"),
    path("my-record/what-matters/", views.my_statement, name="my-statement"),
    path("my-record/who-looked/", views.my_access_log, name="my-access-log"),
    path("people/<int:person_id>/invite/", views_invitations.invite, name="invite"),
    path("sign-in/invitation/<str:token>/", views_invitations.invitation, name="invitation"),
    path("my-record/sharing/", views_sharing.my_sharing, name="my-sharing"),
    path("my-record/sharing/<int:share_id>/end/", views_sharing.my_sharing_end, name="my-sharing-end"),
    path("shared-with-me/", views_sharing.shared_with_me, name="shared-with-me"),
    path("shared-with-me/<int:person_id>/", views_sharing.shared_record, name="shared-record"),
    path("messages-sent/", views_messages.messages_sent_list, name="messages-sent"),
    path("staff/", views_staff.staff_list, name="staff"),
    path("staff/new/", views_staff.staff_new, name="staff-new"),
    path("staff/<int:staff_id>/", views_staff.staff_member, name="staff-member"),
    path("staff/<int:staff_id>/status/", views_staff.staff_status, name="staff-status"),
    path("staff/<int:staff_id>/role/", views_staff.staff_role, name="staff-role"),
    path("my-record/download/", views_download.my_download, name="my-download"),
    path("my-record/download.json", views_download.my_download_json, name="my-download-json"),
]
