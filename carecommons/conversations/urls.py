from django.urls import path

from carecommons.conversations import views, views_ask

app_name = "conversations"
urlpatterns = [
    path("ask/", views_ask.ask_start, name="ask-start"),
    path("ask/sent/<str:reference>/", views_ask.ask_done, name="ask-done"),
    path("ask/<str:step>/", views_ask.ask, name="ask"),
    path("booking/<str:token>/", views.booking_manage, name="booking"),
    path("booking/<str:token>/calendar.ics", views.booking_calendar, name="booking-ics"),
    path("booking/<str:token>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("booking/<str:token>/change/", views.booking_rebook, name="booking-rebook"),
    path("waiting-list/", views.waiting_list, name="waiting-list"),
    path("requests/<int:request_id>/book/", views.request_book, name="request-book"),
    path("requests/<int:request_id>/join/<int:other_id>/", views.request_merge, name="request-merge"),
    path("requests/<int:request_id>/close/", views.request_withdraw, name="request-withdraw"),
    path("people/<int:person_id>/conversations/new/", views.conversation_new, name="new"),
    path("conversations/<int:conversation_id>/", views.conversation_detail, name="detail"),
    path("conversations/<int:conversation_id>/change/", views.conversation_edit, name="edit"),
    path("conversations/<int:conversation_id>/history/", views.conversation_history, name="history"),
    path("follow-up/<str:token>/", views.follow_up, name="follow-up"),
]
