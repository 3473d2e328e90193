from django.urls import path

from . import flow_views, reablement_views, team_views, views

app_name = "hospital"

urlpatterns = [
    path("ward/", views.ward, name="ward"),
    path("ward/send/", views.send, name="ward-send"),
    # The council's hospital team
    path("team/", team_views.team, name="team"),
    path("requests/<int:request_id>/", team_views.request_page, name="request"),
    path("requests/<int:request_id>/person/", team_views.link_person, name="link-person"),
    path("requests/<int:request_id>/plan/", team_views.plan, name="plan"),
    path("requests/<int:request_id>/reablement/", reablement_views.start, name="reablement-start"),
    path("requests/<int:request_id>/reablement/visit/", reablement_views.visit, name="reablement-visit"),
    path("requests/<int:request_id>/reablement/end/", reablement_views.end, name="reablement-end"),
    path("requests/<int:request_id>/still-at-home/", reablement_views.check, name="check"),
    # How leaving hospital flows: counts for commissioners and the hospital team's managers
    path("flow/", flow_views.flow_page, name="flow"),
    path("flow/figures/", flow_views.figures, name="flow-figures"),
]
