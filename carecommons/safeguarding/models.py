"""Safeguarding concerns and what is decided about them. Written only by `services`; opened only through
`access.access_concern`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecommons.rules.safeguarding import (
    ABUSE_TYPES,
    ACHIEVED_WORDS,
    AGENCIES,
    CAPACITY_WORDS,
    ENQUIRY_ROUTES,
    LOCATIONS,
    OUTCOMES_ASKED_WORDS,
    PLAN_WORDS,
    RISK_WORDS,
    ROUTE_WORDS,
    SOURCES_OF_RISK,
    STATE_WORDS,
    Route,
    State,
)


class SafeguardingTeam(models.Model):
    """A team whose practitioners and managers are the council's safeguarding team: they see and triage every
    concern (`rules.access.Ground.SAFEGUARDING_TEAM`). Joining or leaving it is a team change on the staff account,
    kept with who made it (`people.StaffAccountEvent`)."""

    team = models.OneToOneField("people.Team", on_delete=models.PROTECT, related_name="safeguarding")
    designated_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.team)


class Concern(models.Model):
    """A safeguarding concern about an adult, raised by anyone, and its triage."""

    class RaisedThrough(models.TextChoices):
        PUBLIC = "public", "The public form"
        STAFF = "staff", "A member of staff, from the person's record"

    class Relationship(models.TextChoices):
        SELF = "self", "I am the person I am worried about"
        FAMILY_FRIEND = "family_friend", "A family member or friend"
        NEIGHBOUR = "neighbour", "A neighbour"
        COMMUNITY = "community", "Someone from a community group or hub"
        PROVIDER = "provider", "Someone from a care provider"
        HEALTH = "health", "Someone from a GP surgery, hospital or health service"
        OTHER = "other", "Someone else"

    class YesNoNotSure(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "I am not sure"

    reference = models.CharField(max_length=14, unique=True)
    state = models.CharField(max_length=20, choices=[(s.value, w) for s, w in STATE_WORDS.items()],
                             default=State.RAISED.value)
    version = models.PositiveIntegerField(default=1)  # triage is conditional on the version the practitioner opened
    raised_at = models.DateTimeField()
    raised_through = models.CharField(max_length=10, choices=RaisedThrough.choices)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    raised_from = models.CharField(max_length=64, blank=True)  # a keyed hash of the client address, for the limit
    # Who raised it: seen only by the safeguarding team.
    raiser_relationship = models.CharField(max_length=20, choices=Relationship.choices, blank=True)
    raiser_name = models.CharField(max_length=100, blank=True)
    raiser_phone = models.CharField(max_length=20, blank=True)
    raiser_email = models.EmailField(blank=True)
    # Who it is about, as the raiser said, until the team links a person's record.
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="safeguarding_concerns")
    about_name = models.CharField(max_length=100, blank=True)
    about_where = models.CharField(max_length=300, blank=True)
    what_happened = models.TextField()
    happened_where = models.CharField(max_length=300, blank=True)
    immediate_danger = models.CharField(max_length=10, choices=YesNoNotSure.choices)
    person_knows = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    person_wants = models.TextField(blank=True)
    # Someone with a sign-in who is alleged to be the source of risk never sees the concern.
    alleged_source = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    # A recorded decision that the person seeing it would put them or others at risk.
    withheld_from_person = models.BooleanField(default=False)
    withheld_why = models.TextField(blank=True)
    # The Safeguarding Adults Collection's categories.
    abuse_types = models.JSONField(default=list, blank=True)
    location = models.CharField(max_length=30, choices=list(LOCATIONS.items()), blank=True)
    source_of_risk = models.CharField(max_length=30, choices=list(SOURCES_OF_RISK.items()), blank=True)
    # Patterns: the care provider and place it is about, said by the team (`services_patterns.concern_place_link`).
    provider = models.ForeignKey("market.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    provider_location = models.ForeignKey("market.Location", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    place_name = models.CharField(max_length=100, blank=True)  # a place not in the care directory
    place_key = models.CharField(max_length=100, blank=True)  # rules.safeguarding.place_key(place_name)
    # Triage: the three s42(1) tests, the route and why, and who decided.
    needs = models.BooleanField(null=True)
    abuse_or_neglect = models.BooleanField(null=True)
    unable_to_protect = models.BooleanField(null=True)
    s42_duty = models.BooleanField(null=True)
    route = models.CharField(max_length=30, choices=[(r.value, w) for r, w in ROUTE_WORDS.items()], blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_by_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The enquiry, led by the person: what they want, asked at the start (Making Safeguarding Personal), and s68.
    outcomes_asked = models.CharField(max_length=12, choices=[(o.value, w) for o, w in OUTCOMES_ASKED_WORDS.items()],
                                      blank=True)
    desired_outcomes = models.TextField(blank=True)  # in their own words
    not_asked_why = models.TextField(blank=True)
    substantial_difficulty = models.BooleanField(null=True)
    appropriate_person = models.CharField(max_length=200, blank=True)
    advocate = models.CharField(max_length=200, blank=True)  # the independent advocate arranged (Care Act s68)
    # Whether they lack mental capacity to make decisions about the enquiry (the SAC asks); "" when not recorded.
    lacks_capacity = models.CharField(max_length=12, choices=[(c.value, w) for c, w in CAPACITY_WORDS.items()],
                                      blank=True)
    enquiry_started_by_name = models.CharField(max_length=150, blank=True)
    enquiry_started_at = models.DateTimeField(null=True, blank=True)
    # Closing: whether what they wanted was achieved, what happened to the risk, and why it closed.
    outcomes_achieved = models.CharField(max_length=10, choices=[(a.value, w) for a, w in ACHIEVED_WORDS.items()],
                                         blank=True)
    risk = models.CharField(max_length=10, choices=[(r.value, w) for r, w in RISK_WORDS.items()], blank=True)
    risk_why = models.TextField(blank=True)
    closure_reasons = models.TextField(blank=True)
    closed_by_name = models.CharField(max_length=150, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["state", "raised_at", "id"]), models.Index(fields=["raised_from", "raised_at"]),
                   models.Index(fields=["provider", "raised_at"], name="safeguarding_provider_raised")]
        constraints = [
            # Every decision names who made it, the route and the reasons.
            models.CheckConstraint(
                condition=Q(state=State.RAISED.value) | (~Q(route="") & ~Q(reasons="") & ~Q(decided_by_name="")
                                                         & Q(decided_at__isnull=False)),
                name="safeguarding_decision_named_and_reasoned"),
            models.CheckConstraint(condition=~Q(route=Route.S42_ENQUIRY.value) | Q(s42_duty=True),
                                   name="safeguarding_s42_only_with_the_duty"),
            models.CheckConstraint(condition=Q(withheld_from_person=False) | ~Q(withheld_why=""),
                                   name="safeguarding_withheld_with_why"),
            # An enquiry opens only having asked what the person wants (or saying why not).
            models.CheckConstraint(condition=~Q(state=State.ENQUIRY_OPEN.value) | ~Q(outcomes_asked=""),
                                   name="safeguarding_enquiry_asks_outcomes"),
            # Closed with reasons and who closed it; an enquiry with what happened to the risk.
            models.CheckConstraint(condition=~Q(state=State.CLOSED.value) | (~Q(closure_reasons="")
                                                                             & ~Q(closed_by_name="")),
                                   name="safeguarding_closed_with_reasons"),
            models.CheckConstraint(condition=~Q(state=State.CLOSED.value) | ~Q(route__in=sorted(r.value for r in ENQUIRY_ROUTES))
                                   | ~Q(risk=""), name="safeguarding_enquiry_closed_with_risk"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def about(self) -> str:
        return self.person.full_name if self.person_id else (self.about_name or "Someone not named")

    def abuse_type_words(self) -> list[str]:
        return [ABUSE_TYPES.get(t, t) for t in self.abuse_types]


class Involvement(models.Model):
    """Someone the safeguarding team names in a concern or enquiry: they may then see it (`Ground.NAMED`)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="involvements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    why = models.CharField(max_length=200)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    named_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concern", "user"], name="safeguarding_named_once")]


class ConcernEvent(models.Model):
    """What happened to a concern, and every opening of one not yet linked to a person's record (openings of a
    linked one are the person's access events)."""

    class Action(models.TextChoices):
        RAISED = "raised", "Raised"
        VIEWED = "viewed", "Opened"
        REFUSED = "refused", "Was refused"
        TRIAGED = "triaged", "Triaged"
        TRIAGE_CONFLICT = "triage_conflict", "Tried to triage after someone else had"
        NAMED = "named", "Named someone in it"
        UNNAMED = "unnamed", "Removed someone's naming"
        SOURCE = "source", "Recorded the alleged source of risk"
        WITHHELD = "withheld", "Withheld it from the person"
        LIFTED = "lifted", "Stopped withholding it from the person"
        PLAN_REVIEWED = "plan_reviewed", "Reviewed a plan"
        PLAN_CHANGED = "plan_changed", "Changed a plan"
        PLACE_LINKED = "place_linked", "Said which provider or place it is about"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    user_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    purpose = models.CharField(max_length=20, blank=True)
    grounds = models.CharField(max_length=20, blank=True)
    # What changed, in words (who was named and why, the reasons for withholding): seen only by the team.
    detail = models.TextField(blank=True)
    # A refused opening is reviewed by a safeguarding team manager (`access.SAFEGUARDING_REFUSALS`).
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]


class StrategyMeeting(models.Model):
    """A strategy discussion or meeting about an open enquiry with other agencies: kept as recorded, never changed."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    agencies = models.JSONField(default=list)
    attendees = models.TextField()
    actions = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]

    def agency_words(self) -> list[str]:
        return [AGENCIES.get(a, a) for a in self.agencies]


class SafeguardingPlan(models.Model):
    """A protection or risk-enablement plan agreed with the person during an enquiry: kept as agreed; a new plan is
    a new row."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=20, choices=[(k.value, w) for k, w in PLAN_WORDS.items()])
    risks_chosen = models.TextField(blank=True)  # in their words: the risks they choose to take
    support = models.TextField()  # what reduces the risk
    who_does_what = models.TextField()
    review_on = models.DateField()
    agreed_by_person = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()
    # A changed plan is a new version; the one it replaces is kept, and shown as history.
    version = models.PositiveIntegerField(default=1)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="newer")
    change_why = models.TextField(blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(agreed_by_person=True), name="safeguarding_plan_agreed"),
                       # One new version of a plan: two people changing it at once, the first wins.
                       models.UniqueConstraint(fields=["replaces"], name="safeguarding_plan_replaced_once"),
                       models.CheckConstraint(condition=Q(replaces__isnull=True) | ~Q(change_why=""),
                                              name="safeguarding_plan_change_with_why")]


class SafeguardingPlanReview(models.Model):
    """A review of an agreed plan on a date: what changed, whether the person still agrees, and the next review."""

    plan = models.ForeignKey(SafeguardingPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    what_changed = models.TextField()
    still_agrees = models.BooleanField()
    next_review_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["reviewed_on", "id"]


class SacReturn(models.Model):
    """One `sac_return` run that wrote a file: the Safeguarding Adults Collection's own audit record.

    The return counts every concern of the year, as the council's statutory return to NHS England requires; it is
    not anyone reading a concern, so it writes no opening per concern (as ADR 0036 reasons for Client Level Data).
    This row says who ran it, when, for which year, how many concerns were read and rows written, and the file's
    SHA-256, so a return can be matched to what was sent. Never changed."""

    run_by = models.CharField(max_length=150, help_text="The operating-system account that ran the command")
    at = models.DateTimeField()
    year = models.CharField(max_length=7)  # "2025-26"
    period_start = models.DateField()
    period_end = models.DateField()
    file_name = models.CharField(max_length=300)
    concerns = models.PositiveIntegerField(help_text="Concerns read: raised, started or concluded in the year")
    rows = models.PositiveIntegerField(help_text="Rows written, not counting the header")
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Safeguarding Adults Collection {self.year} at {self.at:%Y-%m-%d %H:%M} by {self.run_by}"
