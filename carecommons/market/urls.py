from django.urls import path

from carecommons.market import views

app_name = "market"
urlpatterns = [
    path("care/", views.choose, name="choose"),
    path("care/compare/", views.compare, name="compare"),
    path("care/places/<int:location_id>/", views.location_detail, name="location"),
    path("care/places/<int:location_id>/feedback/", views.feedback_post, name="feedback-post"),
    path("market/feedback/", views.feedback_moderation, name="feedback"),
    path("care/providers/profile/<str:token>/", views.profile_edit, name="profile-edit"),
    path("care/contracts/", views.awards, name="awards"),
    path("care/contracts/<int:tender_id>/ocds.json", views.tender_ocds, name="tender-ocds"),
    path("market/", views.market_overview, name="overview"),
    path("market/weights/", views.weights_edit, name="weights"),
    path("market/providers/<int:provider_id>/", views.provider_detail, name="provider"),
    path("market/providers/<int:provider_id>/action/", views.provider_action, name="provider-action"),
    path("market/tenders/new/", views.tender_new, name="tender-new"),
    path("market/children/", views.childrens, name="childrens"),
    path("market/children/settings/new/", views.childrens_setting_new, name="childrens-setting-new"),
    path("market/children/placements/new/", views.placement_new, name="placement-new"),
    path("market/tenders/<int:tender_id>/", views.tender_detail, name="tender"),
]
