from django.urls import path

from . import enquiry_views, patterns, views

app_name = "safeguarding"

urlpatterns = [
    path("safeguarding/concern/", views.raise_concern, name="raise"),
    path("safeguarding/concern/sent/", views.raised, name="raised"),
    path("people/<int:person_id>/safeguarding-concern/", views.raise_for_person, name="raise-for-person"),
    path("safeguarding/", views.concerns, name="concerns"),
    path("my-record/safeguarding/", views.my_concerns, name="my-concerns"),
    path("safeguarding/concerns/<int:concern_id>/", views.concern, name="concern"),
    path("safeguarding/concerns/<int:concern_id>/triage/", views.triage, name="triage"),
    path("safeguarding/concerns/<int:concern_id>/person/", views.link_person, name="link-person"),
    path("safeguarding/concerns/<int:concern_id>/enquiry/", views.enquiry_start, name="enquiry-start"),
    path("safeguarding/concerns/<int:concern_id>/close/", views.close, name="close"),
    path("safeguarding/concerns/<int:concern_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("safeguarding/concerns/<int:concern_id>/plans/new/", views.plan_new, name="plan-new"),
    # The enquiry: who is named, the alleged source of risk, withholding from the person, reviewing and changing plans.
    path("safeguarding/concerns/<int:concern_id>/named/", enquiry_views.named, name="named"),
    path("safeguarding/concerns/<int:concern_id>/named/<int:involvement_id>/remove/", enquiry_views.unname,
         name="unname"),
    path("safeguarding/concerns/<int:concern_id>/source-of-risk/", enquiry_views.source, name="source"),
    path("safeguarding/concerns/<int:concern_id>/withhold/", enquiry_views.withhold, name="withhold"),
    path("safeguarding/concerns/<int:concern_id>/plans/<int:plan_id>/review/", enquiry_views.plan_review,
         name="plan-review"),
    path("safeguarding/concerns/<int:concern_id>/plans/<int:plan_id>/change/", enquiry_views.plan_change,
         name="plan-change"),
    path("safeguarding/concerns/<int:concern_id>/provider/", patterns.link_place, name="link-place"),
    path("safeguarding/patterns/", patterns.patterns, name="patterns"),
    path("safeguarding/patterns/concerns/", patterns.pattern_concerns, name="pattern-concerns"),
]
