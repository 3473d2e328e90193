"""Hospital wards, their staff and systems, and the requests they send to help someone leave hospital. Written only
by `services`; a request is opened only through `access.access_discharge_request`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecommons.rules.discharge import (
    HOW_TOLD,
    OPEN_STATUSES,
    PATHWAY_WORDS,
    SEQUEL_WORDS,
    STATUS_WORDS,
    WITHDRAWAL_REASON_WORDS,
    RequestStatus,
    WithdrawalReason,
)

PATHWAY_CHOICES = [(p.value, w) for p, w in PATHWAY_WORDS.items()]
OPEN = sorted(s.value for s in OPEN_STATUSES)


class HospitalTeam(models.Model):
    """A team whose practitioners and managers are the council's hospital team: they see and plan every discharge
    request (`rules.access.Ground.HOSPITAL_TEAM`), and nothing else of a person's record on that ground."""

    team = models.OneToOneField("people.Team", on_delete=models.PROTECT, related_name="hospital")
    designated_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.team)


class Ward(models.Model):
    """A hospital ward that sends discharge requests."""

    name = models.CharField(max_length=100)
    hospital = models.CharField(max_length=150)
    code = models.CharField(max_length=40, unique=True,
                            help_text="The ward's code, as the hospital's systems name it in FHIR (Encounter.location)")
    treatment_function = models.CharField(
        max_length=3, blank=True, default="",
        help_text="The ward's main specialty, its NHS treatment function code (three digits), as the council's "
                  "administrator recorded it: it goes into the hospital discharges ASCOF 2D reads")

    class Meta:
        ordering = ["hospital", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.hospital}"


class WardStaff(models.Model):
    """A ward staff account's membership of a ward (its StaffMember has the role `ward`)."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wards")
    joined_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ward", "user"], name="hospital_ward_member_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.ward}"


class WardApiToken(models.Model):
    """A ward system's key to the API. Only a SHA-256 of the token is kept (the token is 32 random bytes, so a plain
    hash cannot be reversed by trying tokens); it is shown once, when it is made."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="Which system uses it")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    made_by_name = models.CharField(max_length=150, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ward})"


class DischargeRequest(models.Model):
    """A ward's request to help someone leave hospital: who, when they are expected to be ready, what matters to them
    and their family, and the pathway proposed. The person is as the ward gave them until the hospital team links
    their record (or makes one)."""

    class SentThrough(models.TextChoices):
        API = "api", "The ward's system (FHIR)"
        FORM = "form", "A member of ward staff, on the form"

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the FHIR id the ward reads back
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="requests")
    ward_identifier = models.CharField(max_length=64, help_text="The ward system's own identifier for the request")
    identifier_system = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=[(s.value, w) for s, w in STATUS_WORDS.items()],
                              default=RequestStatus.RECEIVED.value)
    received_at = models.DateTimeField()
    sent_through = models.CharField(max_length=4, choices=SentThrough.choices)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    # Who, as the ward said, until the team links a record.
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="discharge_requests")
    name = models.CharField(max_length=100)
    nhs_number = models.CharField(max_length=10)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    ready_on = models.DateField(help_text="The day they are expected to be ready to leave")
    what_matters = models.TextField(blank=True, help_text="What matters to them and their family, in their words")
    proposed_pathway = models.PositiveSmallIntegerField(choices=PATHWAY_CHOICES)
    fhir = models.JSONField(null=True, blank=True, help_text="The FHIR the ward's system sent, as it was validated")
    # Withdrawn by the ward (rules.discharge.check_withdrawal): why, in the list's words and their own.
    withdrawn_reason = models.CharField(max_length=20, blank=True,
                                        choices=[(r.value, w) for r, w in WITHDRAWAL_REASON_WORDS.items()])
    withdrawn_words = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["ready_on", "id"]
        indexes = [models.Index(fields=["ward", "status", "ready_on"]), models.Index(fields=["status", "ready_on"])]
        constraints = [
            models.UniqueConstraint(fields=["ward", "ward_identifier"], name="hospital_request_identifier_per_ward"),
            # One open request a person (by NHS number), whichever ward sent it: the second is refused.
            models.UniqueConstraint(fields=["nhs_number"], condition=Q(status__in=OPEN),
                                    name="hospital_one_open_request_a_person"),
            models.CheckConstraint(condition=Q(proposed_pathway__in=[0, 1, 2, 3]), name="hospital_pathway_0_to_3"),
            models.CheckConstraint(condition=~Q(ward_identifier=""), name="hospital_request_has_identifier"),
        ]

    def __str__(self) -> str:
        return f"Request {self.reference} from {self.ward}"

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[RequestStatus(self.status)]

    @property
    def withdrawal(self) -> WithdrawalReason | None:
        return WithdrawalReason(self.withdrawn_reason) if self.withdrawn_reason else None


class DischargeRequestEvent(models.Model):
    """What happened to a request: received, and every opening of one not yet linked to a person's record (openings
    of a linked one are `people.AccessEvent`s)."""

    class Action(models.TextChoices):
        RECEIVED = "received", "Received"
        VIEWED = "viewed", "Opened"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn by the ward"

    request = models.ForeignKey(DischargeRequest, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    user_name = models.CharField(max_length=150, blank=True)  # or the ward system's token name
    action = models.CharField(max_length=10, choices=Action.choices)
    purpose = models.CharField(max_length=20, blank=True)
    grounds = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["at", "id"]


class DischargePlan(models.Model):
    """The hospital team's plan with the person and their family for one request: what matters to them in their own
    words, who took part, the pathway agreed (or changed, with reasons, as `rules.discharge` allows), the day they
    actually left, and the reasons for any delay from the published list. `version` guards against two people
    agreeing at once: the first saved wins."""

    request = models.OneToOneField(DischargeRequest, on_delete=models.PROTECT, related_name="plan")
    version = models.PositiveIntegerField(default=1)
    person_words = models.TextField(blank=True, help_text="What matters to them, in their own words")
    took_part = models.CharField(max_length=200, blank=True, help_text="Who took part, for example 'their daughter'")
    agreed_pathway = models.PositiveSmallIntegerField(choices=PATHWAY_CHOICES, null=True, blank=True)
    pathway_reasons = models.TextField(blank=True)
    pathway_said = models.TextField(blank=True, help_text="What rules.discharge said about the pathway agreed")
    left_on = models.DateField(null=True, blank=True, help_text="The day they actually left hospital")
    delay_reasons = models.JSONField(default=list, blank=True)
    delay_other = models.CharField(max_length=500, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    agreed_by_name = models.CharField(max_length=150, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["left_on", "request"], name="hospital_plan_left_on"),  # the flow page
                   models.Index(fields=["agreed_at"], name="hospital_plan_agreed_at")]
        constraints = [models.CheckConstraint(condition=Q(agreed_pathway__isnull=True)
                                              | Q(agreed_pathway__in=[0, 1, 2, 3]), name="hospital_plan_pathway_0_to_3")]

    def __str__(self) -> str:
        return f"Plan for {self.request}"


SEQUEL_CHOICES = [(s.value, w) for s, w in SEQUEL_WORDS.items()]


class ReablementEpisode(models.Model):
    """Short-term help to do things for themselves again, after leaving hospital on pathway 1 or 2. It starts on the
    day they left; its goals are in the person's words; it ends with what they can now do and exactly one sequel
    (`rules.discharge.Sequel`). The first six weeks are free (`rules.discharge.free_period`)."""

    request = models.OneToOneField(DischargeRequest, on_delete=models.PROTECT, related_name="reablement")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="reablement_episodes")
    started_on = models.DateField()
    goals = models.TextField(help_text="What they want to be able to do again, in their words")
    started_by_name = models.CharField(max_length=150, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    can_now_do = models.TextField(blank=True)
    sequel = models.CharField(max_length=30, blank=True, choices=SEQUEL_CHOICES)
    ended_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        indexes = [models.Index(fields=["started_on", "ended_on", "request"], name="hospital_episode_dates"),  # flow, checks
                   models.Index(fields=["ended_on", "started_on", "sequel"], name="hospital_episode_ended")]
        constraints = [
            # An ended episode has exactly one sequel; an open one has none.
            models.CheckConstraint(condition=(Q(ended_on__isnull=True) & Q(sequel=""))
                                   | (Q(ended_on__isnull=False) & ~Q(sequel="")), name="hospital_ended_has_one_sequel"),
        ]

    def __str__(self) -> str:
        return f"Reablement from {self.started_on}"


class ReablementVisit(models.Model):
    episode = models.ForeignKey(ReablementEpisode, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField()
    note = models.TextField()
    by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["visited_on", "id"]


class StillAtHomeCheck(models.Model):
    """The answer to the 91-day question: is the person still at home?"""

    class Answer(models.TextChoices):
        AT_HOME = "at_home", "Still at home"
        CARE_HOME = "care_home", "In a care home"
        HOSPITAL = "hospital", "In hospital"
        DIED = "died", "Died"
        NOT_KNOWN = "not_known", "Not known"

    request = models.OneToOneField(DischargeRequest, on_delete=models.PROTECT, related_name="still_at_home")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    checked_on = models.DateField()
    spoke_to = models.CharField(max_length=200, help_text="Who told us, for example 'the person' or 'her daughter'")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["checked_on", "answer"], name="hospital_check_checked_on")]  # the flow page


class ReablementFigure(models.Model):
    """A figure the council records about its reablement service, from a day on: how many people it can support at
    once, or what it costs a week for one person, with where the figure comes from (a contract, a budget line).
    Never changed: a new figure is a new row, so every change is kept with who made it and when. The figure in force
    on a day is the latest to take effect on or before it (`flow.figures_in_force`)."""

    class Kind(models.TextChoices):
        CAPACITY = "capacity", "People the reablement service can support at once"
        WEEKLY_COST = "weekly_cost", "Weekly cost per person"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    value = models.PositiveIntegerField(help_text="People, or pence a week")
    source = models.CharField(max_length=300, help_text="Where the figure comes from")
    effective_from = models.DateField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_by_name = models.CharField(max_length=150)
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "-effective_from", "-entered_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(source=""), name="hospital_figure_has_a_source")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.effective_from}"


class ChargingNotice(models.Model):
    """That the person was told, before the six free weeks of reablement end, that the normal financial assessment
    applies after them (`rules.discharge.charging_notice`): when, how, and what they were told. Once an episode."""

    episode = models.OneToOneField(ReablementEpisode, on_delete=models.PROTECT, related_name="charging_notice")
    told_on = models.DateField()
    how = models.CharField(max_length=20, choices=list(HOW_TOLD.items()))
    what_said = models.TextField(blank=True, help_text="What they were told, or the letter's reference")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Told about charging on {self.told_on}"


class WardAdminEvent(models.Model):
    """The audit trail of the administrator's changes to the hospital's partners: a ward added or renamed, a ward
    staff account added or taken off, a ward system's key issued or revoked, the hospital team designated. Who, when,
    what (in words, as things were then named). Never changed."""

    class Action(models.TextChoices):
        WARD_ADDED = "ward_added", "Ward added"
        WARD_CHANGED = "ward_changed", "Ward renamed"
        STAFF_ADDED = "staff_added", "Ward staff added"
        STAFF_REMOVED = "staff_removed", "Ward staff taken off"
        KEY_ISSUED = "key_issued", "Key issued"
        KEY_REVOKED = "key_revoked", "Key revoked"
        TEAM_DESIGNATED = "team_designated", "Hospital team designated"

    at = models.DateTimeField(db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="admin_events")
    what = models.TextField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.by_name} at {self.at:%Y-%m-%d %H:%M}"
