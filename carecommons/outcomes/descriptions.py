"""What each published measure means, in plain English, for the public page and the downloads.

Short sentences, everyday words: people with learning disabilities read this page too. The national measures'
official names (DHSC's ASCOF handbook) are kept beside them for anyone comparing with other councils."""

from __future__ import annotations

from dataclasses import dataclass

PERCENT = "percent"
PER_100K = "per_100k"
DAYS = "days"
COUNT = "count"


NO_HOSPITAL_RECORDS = ("This needs records of people leaving hospital, which come from the NHS. They were not given, "
                       "so this is not worked out.")


@dataclass(frozen=True)
class Description:
    key: str
    title: str  # a short heading
    question: str  # what the figure answers, in plain English
    official: str  # the official name, for comparison
    unit: str  # PERCENT, PER_100K, DAYS or COUNT
    numerator_words: str  # "needed no more help"
    denominator_words: str  # "had short-term help"
    better: str = ""  # "higher", "lower" or "" when neither is simply better
    national: bool = True
    no_figure: str = ""  # said instead of the engine's reason when there is no figure (that reason is for staff)


ASCOF: tuple[Description, ...] = (
    Description(
        "2A", "Short-term help to get back on their feet",
        "Of the people who had short-term help to get back on their feet, how many needed no more help afterwards?",
        "ASCOF 2A: people who received short-term services during the year, who were not already receiving services, "
        "where no further request was made for ongoing support",
        PERCENT, "needed no more help afterwards", "had short-term help", "higher"),
    Description(
        "2B", "Adults aged 18 to 64 moving into a care home",
        "How many adults aged 18 to 64 moved into a care home to live there, for every 100,000 people of that age "
        "living in the area?",
        "ASCOF 2B: adults aged 18 to 64 whose long-term support needs are met by admission to residential and "
        "nursing care homes, per 100,000 population",
        PER_100K, "moved into a care home", "people aged 18 to 64 living in the area", "lower"),
    Description(
        "2C", "People aged 65 and over moving into a care home",
        "How many people aged 65 and over moved into a care home to live there, for every 100,000 people of that "
        "age living in the area?",
        "ASCOF 2C: adults aged 65 and over whose long-term support needs are met by admission to residential and "
        "nursing care homes, per 100,000 population",
        PER_100K, "moved into a care home", "people aged 65 and over living in the area", "lower"),
    Description(
        "2D", "Home from hospital and still at home",
        "Of the people aged 65 and over who left hospital with short-term help at home, how many were still living "
        "at home 12 weeks later?",
        "ASCOF 2D: people aged 65 and over discharged from hospital into reablement who remained in the community "
        "within 12 weeks of discharge",
        PERCENT, "were still at home 12 weeks later", "left hospital with short-term help", "higher",
        no_figure=NO_HOSPITAL_RECORDS),
    Description(
        "2E_18_64", "Living at home or with family, aged 18 to 64",
        "Of the adults aged 18 to 64 who get long-term support, how many live in their own home or with their family?",
        "ASCOF 2E: adults aged 18 to 64 receiving long-term support who live in their home or with family",
        PERCENT, "live in their own home or with family", "get long-term support", "higher"),
    Description(
        "2E_65_plus", "Living at home or with family, aged 65 and over",
        "Of the people aged 65 and over who get long-term support, how many live in their own home or with their "
        "family?",
        "ASCOF 2E: adults aged 65 and over receiving long-term support who live in their home or with family",
        PERCENT, "live in their own home or with family", "get long-term support", "higher"),
    Description(
        "3D_1a", "People who decide how their support is arranged",
        "Of the people who get long-term support where they live, how many decide how it is arranged, with a "
        "personal budget or direct payment?",
        "ASCOF 3D part 1a: people who use services who receive self-directed support",
        PERCENT, "decide how their support is arranged", "get long-term support where they live", "higher"),
    Description(
        "3D_2a", "People who get their support as money",
        "Of the people who get long-term support where they live, how many get it as money paid to them "
        "(a direct payment), to arrange it themselves?",
        "ASCOF 3D part 2a: people who use services who receive direct payments",
        PERCENT, "get a direct payment", "get long-term support where they live", ""),
    Description(
        "3D_1b", "Carers who decide how their support is arranged",
        "Of the carers who get support for themselves, how many decide how it is arranged, with a personal budget "
        "or direct payment?",
        "ASCOF 3D part 1b: carers who receive self-directed support",
        PERCENT, "decide how their support is arranged", "are carers getting support for themselves", "higher"),
    Description(
        "3D_2b", "Carers who get their support as money",
        "Of the carers who get support for themselves, how many get it as money paid to them (a direct payment)?",
        "ASCOF 3D part 2b: carers who receive direct payments",
        PERCENT, "get a direct payment", "are carers getting support for themselves", ""),
)

WAITS: tuple[Description, ...] = (
    Description(
        "2D_part2", "Going home from hospital with short-term help",
        "Of the people aged 65 and over who left hospital, how many went home with short-term help to get back on "
        "their feet?",
        "ASCOF 2D part 2: people aged 65 and over discharged from hospital who were offered reablement",
        PERCENT, "went home with short-term help", "were aged 65 and over and left hospital", "",
        no_figure=NO_HOSPITAL_RECORDS),
    Description(
        "wait_request_to_assessment", "Days from asking for support to a first answer",
        "When someone new asked for support, how many days did they wait for a first answer (an assessment, or "
        "support if that came first)? This is the middle wait: half of people waited less, half waited longer.",
        "DHSC waiting times: wait time to first response", DAYS, "waits counted", "waits counted", "lower"),
    Description(
        "wait_request_to_service", "Days from asking for support to getting it",
        "When someone new asked for support, how many days did they wait until the support began? This is the "
        "middle wait: half of people waited less, half waited longer.",
        "DHSC waiting times: wait time to first service", DAYS, "waits counted", "waits counted", "lower"),
    Description(
        "wait_assessment_to_service", "Days from an assessment to getting support",
        "After their assessment, how many days did people wait until their support began? This is the middle wait: "
        "half of people waited less, half waited longer.",
        "Care Commons: wait from a first assessment to the first service (not a DHSC figure)", DAYS,
        "waits counted", "waits counted", "lower"),
)

# A measure for one age band is published only where its base measure's breakdown shows that band's count.
BAND_SUFFIXES: dict[str, str] = {"_25_64": "25 to 64", "_65_plus": "65 and above"}


def _band_description(key: str) -> Description | None:
    for suffix, band in BAND_SUFFIXES.items():
        base = key.removesuffix(suffix)
        if base != key and base in {d.key for d in WAITS}:
            d = next(d for d in WAITS if d.key == base)
            words = "aged 25 to 64" if band == "25 to 64" else "aged 65 and over"
            return Description(key, f"{d.title}, {words}", f"{d.question} This counts people {words}.",
                               f"{d.official}, {band}", d.unit, d.numerator_words, d.denominator_words, d.better,
                               d.national, d.no_figure)
    return None


BY_KEY: dict[str, Description] = {d.key: d for d in ASCOF + WAITS}

DIMENSIONS: dict[str, str] = {
    "age_band": "Age",
    "sex": "Sex",
    "ethnicity": "Ethnic group",
    "primary_support_reason": "Main reason for support",
}


def describe(key: str, *, has_denominator: bool, unit: str | None = None, title: str = "") -> Description:
    """The description of a measure; one Care Commons measures itself but this list does not name yet is
    described from its key, so that nothing computed is left out of the page."""
    if key in BY_KEY:
        return BY_KEY[key]
    if key in OWN:
        return OWN[key]
    band = _band_description(key)
    if band is not None:
        return band
    words = title or key.replace("_", " ").capitalize()
    return Description(key, words, words, "Care Commons' own measure", unit or (PERCENT if has_denominator else COUNT),
                       "counted", "people", national=False)


# Care Commons' own measures (carecommons.outcomes.export.own_measures): described by the keys it gives.
OWN_MEASURES: tuple[Description, ...] = (
    Description(
        "own_days_to_conversation", "Days from asking for help to a conversation",
        "When someone asked for help, how many days did they wait for a conversation about what matters to them? "
        "This is the middle wait: half of people waited less, half waited longer.",
        "Care Commons: median days from first contact to conversation",
        DAYS, "conversations held", "conversations held", "lower", national=False),
    Description(
        "own_follow_up_useful", "Did the conversation help?",
        "When we asked people afterwards, how many said the conversation was useful?",
        "Care Commons: follow-up, the conversation was useful", PERCENT, "said it was useful",
        "answered when we asked afterwards", "higher", national=False),
    Description(
        "own_follow_up_difference", "Did it make a difference?",
        "When we asked people afterwards, how many said the conversation made a difference to their life?",
        "Care Commons: follow-up, the conversation made a difference", PERCENT, "said it made a difference",
        "answered when we asked afterwards", "higher", national=False),
    Description(
        "own_continuity", "Seeing workers they know",
        "Of the people who had care visits at home, how many were mostly visited by a few workers they know?",
        "Care Commons: continuity of care (no 'stream of strangers')", PERCENT,
        "were mostly visited by a few workers they know", "had care visits at home", "higher", national=False),
    # Making Safeguarding Personal (domain.md §4; the Safeguarding Adults Collection asks both): from the
    # safeguarding enquiries concluded in the period (carecommons.rules.sac.msp_counts).
    Description(
        "msp_asked", "Safeguarding: asked what they wanted",
        "When we looked into a worry that someone was being harmed, did we ask them (or someone speaking for them) "
        "what they wanted to happen?",
        "Safeguarding Adults Collection, Making Safeguarding Personal: concluded enquiries where the individual or "
        "their representative was asked about their desired outcomes", PERCENT,
        "were asked what they wanted to happen", "had a safeguarding enquiry that finished", "higher",
        national=False),
    Description(
        "msp_achieved", "Safeguarding: got what they wanted",
        "Of the people who told us what they wanted to happen, how many got it, or got some of it, by the end?",
        "Safeguarding Adults Collection, Making Safeguarding Personal: desired outcomes fully or partially achieved, "
        "of concluded enquiries where outcomes were expressed", PERCENT,
        "got all or some of what they wanted", "told us what they wanted", "higher", national=False),
)

OWN: dict[str, Description] = {d.key: d for d in OWN_MEASURES}
