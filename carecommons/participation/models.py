"""Deciding money together: the five areas, what works, citizens' views, participatory budgeting, decisions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Area(models.Model):
    """One of the Total Transformation model's five areas of support."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    question = models.CharField(max_length=300, help_text="What a good life looks like, asked of this area")
    summary = models.TextField()
    position = models.PositiveSmallIntegerField()
    paid_kinds = models.JSONField(default=list, blank=True,
                                  help_text="Kinds of paid support in support plans whose spending counts here")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class AreaFigure(models.Model):
    """Money for an area in a financial year that Care Commons does not hold itself, entered with its source."""

    class Kind(models.TextChoices):
        SPENT = "spent", "Spent"
        PROJECTED = "projected", "Projected"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="figures")
    year = models.PositiveSmallIntegerField(help_text="The financial year starting in April of this year")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    pence = models.BigIntegerField()
    source = models.CharField(max_length=300, help_text="Where the figure comes from")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["area", "year", "kind", "-entered_at"]


class AreaContract(models.Model):
    """An awarded contract counted in an area's spending."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="contracts")
    tender = models.OneToOneField("market.Tender", on_delete=models.PROTECT, related_name="area_link")
    years = models.PositiveSmallIntegerField(default=1, help_text="How many years the contract runs; its value is spread over them")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class SupportModel(models.Model):
    """A way of supporting people with evidence behind it: Shared Lives, Local Area Coordination, ..."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150)
    summary = models.TextField(help_text="The professional summary")
    evidence = models.TextField()
    costs = models.TextField()
    outcomes = models.TextField()
    not_for = models.TextField(help_text="What it should not be used for")
    sources = models.JSONField(default=list, help_text="[title, where] pairs")
    areas = models.ManyToManyField(Area, related_name="models", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """Something a member of the public wrote: a view on an area, or a comment on a support model. Moderated."""

    class Kind(models.TextChoices):
        GOOD_LIFE = "good_life", "What a good life looks like"
        LIKE = "like", "What I like about support here"
        DISLIKE = "dislike", "What I dislike about support here"
        MODEL_COMMENT = "model_comment", "Comment on a way of supporting people"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be checked"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not_published", "Not published"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="contributions")
    support_model = models.ForeignKey(SupportModel, on_delete=models.PROTECT, null=True, blank=True, related_name="comments")
    text = models.TextField()
    uses_services = models.BooleanField(default=False, help_text="The writer uses care and support, or cares for someone who does")
    theme = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.WAITING)
    rule_broken = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "area", "kind"])]


class Round(models.Model):
    """A participatory budgeting round."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being prepared"
        OPEN = "open", "Open for voting"
        CLOSED = "closed", "Closed: results published"
        DECIDED = "decided", "Decided"

    class BallotKind(models.TextChoices):
        APPROVAL = "approval", "Tick the proposals you support"
        CUMULATIVE = "cumulative", "Share out points between proposals"
        RANKED = "ordinal", "Put up to three proposals in order"

    class Rule(models.TextChoices):
        EQUAL_SHARES = "equal_shares", "Method of Equal Shares (with completion)"
        GREEDY = "greedy", "Most votes first (greedy)"

    title = models.CharField(max_length=200)
    description = models.TextField()
    budget = models.PositiveBigIntegerField(help_text="Pence")
    ballot_kind = models.CharField(max_length=12, choices=BallotKind.choices, default=BallotKind.APPROVAL)
    rule = models.CharField(max_length=15, choices=Rule.choices, default=Rule.EQUAL_SHARES)
    max_choices = models.PositiveSmallIntegerField(default=0, help_text="Most proposals a voter may tick; 0 for no limit")
    points = models.PositiveSmallIntegerField(default=10, help_text="Points each voter shares out, for cumulative ballots")
    split_total = models.PositiveBigIntegerField(default=0, help_text="Pence to share between the five areas; 0 not to ask voters")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True, help_text="The count, made when the round closed")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def ask_split(self) -> bool:
        """Voters are asked how to share money between the five areas when there is money to share."""
        return self.split_total > 0


class Proposal(models.Model):
    class Kind(models.TextChoices):
        REALLOCATION = "reallocation", "Move money between ways of supporting people"
        COMMUNITY = "community", "A community project"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(max_length=200)
    description = models.TextField()
    kind = models.CharField(max_length=15, choices=Kind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="proposals")
    from_model = models.ForeignKey(SupportModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_model = models.ForeignKey(SupportModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cost = models.PositiveBigIntegerField(help_text="Pence")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Voter(models.Model):
    """A resident verified once for a round, holding a one-time voting code.

    `identity` is a keyed hash of the resident's name, date of birth and postcode, so the same person cannot be
    verified twice; `code_hash` is the hash of the code they were given. Neither is linked to any ballot.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="voters")
    identity = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64, unique=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField()
    has_voted = models.BooleanField(default=False)
    letter_batch = models.ForeignKey("LetterBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="voters",
                                help_text="Set when the code was sent by post: then `identity` is a keyed hash of the household")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "identity"], name="verified_once_per_round")]


class Ballot(models.Model):
    """A secret ballot: no voter, no time, a random id; the choices and, if asked, the five-area split."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ballots")
    choices = models.JSONField(help_text="[[proposal id, points], ...]; for ranked ballots in order of preference")
    split = models.JSONField(null=True, blank=True, help_text="Percentages for the five areas, in area order")

    class Meta:
        ordering = ["id"]


class Decision(models.Model):
    """What the round decided: shares per area and the proposals funded, who decided, and why."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="decision")
    year = models.PositiveSmallIntegerField(help_text="The financial year the decision applies to")
    area_shares = models.JSONField(help_text="{area slug: hundredths of a per cent}")
    funded = models.JSONField(help_text="Proposal ids funded")
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    overridden = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)


class DecisionEvent(models.Model):
    """The audit trail of a decision: recorded, overridden. Published."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="events")
    what = models.CharField(max_length=20)
    detail = models.JSONField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class LetterBatch(models.Model):
    """A household list imported for a round: one letter with one voting code for each household not sent one before.

    The addresses and the codes are kept (in `PostalLetter`) only until the organiser confirms the letters are
    printed; then they are deleted and only the keyed hashes of the households and the hashes of the codes remain
    (on `Voter`)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="letter_batches")
    source = models.CharField(max_length=100, help_text="Where the list comes from, as the organiser said")
    vote_by = models.DateField(help_text="The last day to vote, printed on the letters")
    rows = models.PositiveIntegerField(default=0, help_text="Households' lines read, not counting the header")
    letters = models.PositiveIntegerField(default=0)
    already_sent = models.PositiveIntegerField(default=0, help_text="Households sent a code by an earlier list")
    repeats = models.PositiveIntegerField(default=0, help_text="Lines for a household on an earlier line of this list")
    problems = models.JSONField(default=list, help_text="[[line, what is wrong], ...]: never the address itself")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   help_text="Who confirmed the letters are printed")
    printed_at = models.DateTimeField(null=True, blank=True, help_text="When the addresses and codes were deleted")

    class Meta:
        ordering = ["-imported_at", "-pk"]

    @property
    def addresses_deleted(self) -> bool:
        return self.printed_at is not None


class PostalLetter(models.Model):
    """One household's letter, until it is printed: the address and the code in clear. Deleted once printed."""

    batch = models.ForeignKey(LetterBatch, on_delete=models.CASCADE, related_name="letters_to_print")
    line = models.PositiveIntegerField(help_text="The line of the imported file")
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10)
    code = models.CharField(max_length=14)

    class Meta:
        ordering = ["batch", "line"]


class LetterBatchEvent(models.Model):
    """The audit of a household list: imported, letters opened to print, downloaded, confirmed printed."""

    batch = models.ForeignKey(LetterBatch, on_delete=models.PROTECT, related_name="events")
    what = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]
