"""Easy read: short sentences, one idea each, a simple picture beside each, the key words in bold.

What a person reads in easy read on their own assessment, their decision, their support plan and their budget.
The pictures are named here and drawn in `core/easy/_icon.html` (our own, licensed with the project). Money is
integer pence and written with `rules.money.pounds`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from carecommons.rules.money import pounds


@dataclass(frozen=True)
class Line:
    """One sentence and its picture; `key` (a part of `text`) is shown in bold."""

    icon: str
    text: str
    key: str = ""

    def __post_init__(self) -> None:
        if self.key and self.key not in self.text:
            raise ValueError(f"The bold words {self.key!r} are not in {self.text!r}")

    @property
    def before(self) -> str:
        return self.text.partition(self.key)[0] if self.key else self.text

    @property
    def after(self) -> str:
        return self.text.partition(self.key)[2] if self.key else ""


@dataclass(frozen=True)
class Topic:
    icon: str
    words: str  # what the question is about, as a person says it
    example: str = ""  # one sentence of examples
    example_key: str = ""


# Each question of a person's own assessment: its picture, what it is about, and an example. Keyed by question key
# (an adult's outcome, "carer_" and a carer's outcome, or the other questions).
TOPICS: dict[str, Topic] = {
    "nutrition": Topic("food", "food and drink", "Like getting food, making meals, and eating enough.", "making meals"),
    "personal_hygiene": Topic("wash", "keeping clean", "Like washing, and having a bath or a shower.", "bath or a shower"),
    "toilet_needs": Topic("toilet", "using the toilet", "Like getting to the toilet in time, and using it.", "in time"),
    "clothing": Topic("clothes", "getting dressed", "Like choosing clothes for the weather, and putting them on.",
                      "putting them on"),
    "home_safety": Topic("stairs", "moving around your home", "Like using the stairs, the kitchen and the bathroom safely.",
                         "safely"),
    "habitable_home": Topic("home", "looking after your home", "Like cleaning, washing clothes, keeping warm and paying bills.",
                            "keeping warm"),
    "relationships": Topic("heart", "family and friends", "Like seeing the people you love, and keeping in touch.",
                           "keeping in touch"),
    "work_training_education_volunteering": Topic("work", "work, learning or helping out",
                                                  "Like going to a job or to college, or helping out as a volunteer.", "job"),
    "community_facilities": Topic("bus", "going out", "Like going to the shops, the doctor, or places you like, on the bus.",
                                  "places you like"),
    "caring_for_child": Topic("child", "looking after children",
                              "If you do not look after children, choose: This is not about me.", "This is not about me"),
    "carer_caring_for_child": Topic("child", "looking after your children", "Like getting them to school, and meals.",
                                    "school"),
    "carer_caring_for_others": Topic("helper", "looking after other people", "Like anyone else you care for, as well.",
                                     "anyone else"),
    "carer_habitable_home": Topic("home", "looking after your home", "Like cleaning, washing clothes and paying bills.",
                                  "cleaning"),
    "carer_nutrition": Topic("food", "eating and drinking", "Like having proper meals yourself.", "proper meals"),
    "carer_relationships": Topic("heart", "seeing people you love", "Like family and friends, not only the person you care for.",
                                 "family and friends"),
    "carer_work_training_education_volunteering": Topic("work", "work, college or helping out",
                                                        "Like keeping your job, or going to a course.", "job"),
    "carer_community_facilities": Topic("bus", "going out", "Like going to the shops, or the doctor, for yourself.", "yourself"),
    "carer_recreation": Topic("sun", "time for you", "Like hobbies, rest, and things you enjoy.", "enjoy"),
    "health": Topic("health", "your health"),
    "wellbeing": Topic("smile", "how you feel about your life"),
    "caring": Topic("helper", "caring for someone"),
    "carer_health": Topic("tired", "caring and your health"),
}
OTHER = Topic("list", "something else that matters")


def topic_for(kind: str, outcome: str) -> Topic:
    """The picture and words for an outcome of an adult's (kind "adult") or a carer's ("carer") assessment."""
    return TOPICS.get(f"carer_{outcome}" if kind == "carer" else outcome, OTHER)


def question_lines(key: str) -> tuple[Line, ...]:
    """Beside one question: what it is about, with its picture, and an example when there is one."""
    topic = TOPICS.get(key, OTHER)
    lines = [Line(topic.icon, f"This page is about {topic.words}.", topic.words)]
    if topic.example:
        lines.append(Line(topic.icon, topic.example, topic.example_key))
    if key.startswith("carer_") and key != "carer_health":
        lines.append(Line("helper", "Can you do this as well as caring?", "as well as caring"))
    return tuple(lines)


START = (
    Line("talk", "The questions are about your everyday life.", "everyday life"),
    Line("tick", "There are no wrong answers.", "no wrong answers"),
    Line("clock", "You can stop and come back later.", "come back later"),
    Line("people", "Then a practitioner decides if the council must help.", "decides"),
)


def task_list_lines(count: int) -> tuple[Line, ...]:
    return (
        Line("list", f"There are {count} questions about your life.", f"{count} questions"),
        Line("pencil", "Answer them one at a time.", "one at a time"),
        Line("clock", "You can stop and come back later.", "come back later"),
        Line("tick", "At the end, check your answers and send them.", "check"),
    )


ABOUT = (
    Line("talk", "Tell us what matters to you.", "matters"),
    Line("people", "Tell us what is going well, and who helps you.", "going well"),
    Line("pencil", "Tell us what you would like to be different.", "different"),
    Line("clock", "Tell us if things change from day to day.", "change"),
)

CHECK = (
    Line("tick", "Check your answers.", "Check"),
    Line("pencil", "You can change an answer.", "change"),
    Line("letter", "Then send them to us.", "send"),
    Line("people", "A practitioner reads them and decides.", "decides"),
)


def sent_lines(*, sent_on: str) -> tuple[Line, ...]:
    return (Line("letter", f"You sent your answers on {sent_on}.", "sent"),
            Line("people", "A practitioner will look at them and decide.", "decide"),
            Line("clock", "We will tell you what they decide, and why.", "why"))


def decision_lines(*, kind: str, eligible: bool, unmet: Sequence[str], decided_by: str, decided_on: str) -> tuple[Line, ...]:
    """The decision on the person's own assessment, said to them."""
    lines = [Line("person", f"{decided_by} looked at your answers on {decided_on}.", "looked at your answers")]
    if eligible:
        lines.append(Line("tick", "You can get support from the council.", "support"))
    else:
        lines.append(Line("info", "The council will not pay for support now.", "not pay"))
    for outcome in unmet:
        words = topic_for(kind, outcome).words
        lines.append(Line(topic_for(kind, outcome).icon, f"You need help with {words}.", words))
    if eligible:
        lines.append(Line("list", "Next, you make a plan for your support.", "plan"))
    else:
        lines.append(Line("people", "Groups near you may help. Ask us about them.", "Groups near you"))
        lines.append(Line("clock", "If things get harder, ask again.", "ask again"))
    lines.append(Line("talk", "If you disagree, tell us. We will look again.", "disagree"))
    return tuple(lines)


PLAN_STATUS = {
    "draft": Line("pencil", "You are still writing your plan.", "writing"),
    "submitted": Line("letter", "You sent your plan. A practitioner will look at it.", "sent"),
    "sign_off": Line("letter", "Your plan is nearly agreed. A manager looks at it too.", "nearly agreed"),
    "agreed": Line("tick", "Your plan is agreed.", "agreed"),
}


def plan_lines(*, kind: str, status: str, indicative: int, paid_weekly: int, agreed_weekly: int,
               groups: Sequence[tuple[str, int]]) -> tuple[Line, ...]:
    """The person's support plan: where it is up to, the money, and each need with how many things meet it.

    `groups` is (outcome, how many things in the plan) for each need, "other" for anything else."""
    lines = [Line("list", "This is your support plan. It says how you will get the help you need.", "support plan"),
             PLAN_STATUS.get(status, PLAN_STATUS["draft"])]
    start = pounds(indicative)
    lines.append(Line("coins", f"To start with, there is {start} a week for your support.", start))
    for outcome, count in groups:
        topic = OTHER if outcome == "other" else topic_for(kind, outcome)
        words = topic.words[0].upper() + topic.words[1:]
        if count:
            lines.append(Line(topic.icon, f"{words}: {count} thing{'s' if count != 1 else ''} in your plan.", words))
        else:
            lines.append(Line(topic.icon, f"{words}: nothing in your plan yet.", words))
    if status == "agreed":
        agreed = pounds(agreed_weekly)
        lines.append(Line("coins", f"Your budget is {agreed} a week.", agreed))
    else:
        paid = pounds(paid_weekly)
        lines.append(Line("coins", f"Paid support in your plan costs {paid} a week.", paid))
        if paid_weekly > indicative:
            lines.append(Line("danger", "That is more than the money to start with. Say why you need it.", "more"))
    return tuple(lines)


@dataclass(frozen=True)
class MoneyPicture:
    """The year's money as ten coins: each coin is a tenth. Which coins are spent, planned and left (or over)."""

    coins: tuple[str, ...]  # "spent", "planned", "left", in that order
    spent: int
    planned: int
    left: int
    over: int

    @property
    def counts(self) -> dict[str, int]:
        return {k: self.coins.count(k) for k in ("spent", "planned", "left")}

    @property
    def placed(self) -> tuple[tuple[str, int, int], ...]:
        """Each coin with where it goes: five to a row, 32 apart (the picture is 160 by 64)."""
        return tuple((kind, 16 + (i % 5) * 32, 16 + (i // 5) * 32) for i, kind in enumerate(self.coins))

    @property
    def title(self) -> str:
        c = self.counts
        return (f"Your money as 10 coins: {c['spent']} spent, {c['planned']} planned, {c['left']} left"
                + (", and more is planned than there is." if self.over else "."))


def money_picture(*, spent: int, planned: int, left: int, coins: int = 10) -> MoneyPicture:
    """Spent, planned and left as `coins` coins, shared out by the largest remainder so they always add up.

    `left` below zero means spending is expected to go over: then the coins share out what is spent and planned."""
    spent, planned = max(spent, 0), max(planned, 0)
    over = -left if left < 0 else 0
    left = max(left, 0)
    parts = (("spent", spent), ("planned", planned), ("left", left))
    whole = spent + planned + left
    if whole == 0:
        return MoneyPicture(("left",) * coins, spent, planned, left, over)
    exact = [(key, pence * coins / whole) for key, pence in parts]
    counts = {key: int(share) for key, share in exact}
    spare = coins - sum(counts.values())
    for key, _share in sorted(exact, key=lambda e: e[1] - int(e[1]), reverse=True)[:spare]:
        counts[key] += 1
    return MoneyPicture(tuple(k for k, _ in parts for _ in range(counts[k])), spent, planned, left, over)


MANAGED = {
    "direct_payment": Line("person", "The money is paid to you. You choose and pay for your support.", "paid to you"),
    "council_arranged": Line("people", "The council arranges your support. You do not handle the money.", "council arranges"),
    "individual_service_fund": Line("people", "A provider you chose holds the money for you.", "provider"),
    "mixed": Line("people", "Some money is paid to you. The council arranges the rest.", "paid to you"),
}


def budget_lines(*, weekly: int, picture: MoneyPicture, management: str) -> tuple[Line, ...]:
    """The person's budget in short sentences; the picture's coins match the first pictures."""
    week = pounds(weekly)
    lines = [Line("coins", f"Your budget is {week} a week.", week),
             Line("coins", "The picture shows your money for the year as 10 coins.", "10 coins"),
             Line("coin-spent", f"You have spent {pounds(picture.spent)}.", "spent"),
             Line("coin-planned", f"{pounds(picture.planned)} is planned for the rest of the year.", "planned")]
    if picture.over:
        lines.append(Line("danger", f"You may go over your budget by {pounds(picture.over)}. Talk to us soon.", "go over"))
    else:
        lines.append(Line("coin-left", f"{pounds(picture.left)} should be left at the end.", "left"))
    if management in MANAGED:
        lines.append(MANAGED[management])
    lines.append(Line("list", "You can see what was paid each month on a statement.", "statement"))
    return tuple(lines)


def booked_lines(*, team: str, hub: str, address: str, when: str, reference: str, sent_by: str) -> tuple[Line, ...]:
    """The confirmation of a booked conversation: who, what it is, where, when, what to bring, how to change it, how it
    was sent. `when` is already written for a person ("Monday 14 December 2026 at 10am"); `sent_by` is "email",
    "text" or "" when nothing could be sent."""
    lines = [Line("people", f"You will meet someone from {team}.", "meet"),
             Line("talk", "You talk about what matters to you. It is not a test.", "what matters to you"),
             Line("place", f"You meet at {hub}.", hub),
             Line("home", f"The address is {address}.", "address"),
             Line("clock", f"It is on {when}.", when),
             Line("list", f"Bring your reference: {reference}.", "reference"),
             Line("helper", "You can bring someone with you.", "bring someone"),
             Line("pencil", "To change it or cancel it, use the link below.", "change it or cancel it")]
    if sent_by == "email":
        lines.append(Line("letter", "We sent this to you by email.", "email"))
    elif sent_by == "text":
        lines.append(Line("phone", "We sent this to you by text message.", "text message"))
    else:
        lines.append(Line("info", "We could not send this to you. Print this page, or write it down.", "Print this page"))
    return tuple(lines)


WAITING = (
    Line("list", "You are on our list.", "list"),
    Line("phone", "We will get in touch to find a time.", "get in touch"),
    Line("clock", "If you want to talk sooner, phone us.", "phone us"),
)
