from django.urls import path

from . import admin_views, flow_views, reablement_views, team_views, views, withdraw_views

app_name = "hospital"

urlpatterns = [
    path("ward/", views.ward, name="ward"),
    path("ward/send/", views.send, name="ward-send"),
    path("ward/requests/<int:request_id>/withdraw/", withdraw_views.withdraw, name="ward-withdraw"),
    # The council's hospital team
    path("team/", team_views.team, name="team"),
    path("requests/<int:request_id>/", team_views.request_page, name="request"),
    path("requests/<int:request_id>/person/", team_views.link_person, name="link-person"),
    path("requests/<int:request_id>/plan/", team_views.plan, name="plan"),
    path("requests/<int:request_id>/reablement/", reablement_views.start, name="reablement-start"),
    path("requests/<int:request_id>/reablement/visit/", reablement_views.visit, name="reablement-visit"),
    path("requests/<int:request_id>/reablement/end/", reablement_views.end, name="reablement-end"),
    path("requests/<int:request_id>/reablement/told/", reablement_views.told, name="reablement-told"),
    path("requests/<int:request_id>/still-at-home/", reablement_views.check, name="check"),
    # How leaving hospital flows: counts for commissioners and the hospital team's managers
    path("flow/", flow_views.flow_page, name="flow"),
    path("flow/figures/", flow_views.figures, name="flow-figures"),
    # The administrator's pages: wards, their staff and keys, the hospital team
    path("admin/", admin_views.home, name="admin"),
    path("admin/wards/new/", admin_views.ward_new, name="admin-ward-new"),
    path("admin/wards/<int:ward_id>/", admin_views.ward, name="admin-ward"),
    path("admin/wards/<int:ward_id>/change/", admin_views.ward_change, name="admin-ward-change"),
    path("admin/wards/<int:ward_id>/staff/new/", admin_views.staff_new, name="admin-staff-new"),
    path("admin/wards/<int:ward_id>/staff/existing/", admin_views.staff_existing, name="admin-staff-existing"),
    path("admin/wards/<int:ward_id>/staff/<int:member_id>/remove/", admin_views.staff_remove, name="admin-staff-remove"),
    path("admin/wards/<int:ward_id>/keys/new/", admin_views.key_new, name="admin-key-new"),
    path("admin/wards/<int:ward_id>/keys/<int:key_id>/revoke/", admin_views.key_revoke, name="admin-key-revoke"),
    path("admin/team/", admin_views.team, name="admin-team"),
    path("admin/history/", admin_views.history, name="admin-history"),
]
