"""The five areas of the Total Transformation model and a starting library of support models.

The areas are the model's own (SCIE, PPL, Nesta and Shared Lives Plus, as described by Alex Fox). The model
summaries describe what each model is, in plain words, and say where to read the evidence; they give no
figures except those Care Commons holds with a source (docs/glossary.md, shared/docs/domain.md). A council adds
its own local costs and outcomes with their sources.
"""

from __future__ import annotations

AREAS = [
    ("own-home", "Support in your own home", "What does a good life look like for people who get support at home?",
     "Help to live at home: personal assistants, home care, equipment and adaptations.", ["personal_assistant", "provider", "equipment"]),
    ("accommodation", "Support with accommodation", "What does a good life look like for people who need support with where they live?",
     "Somewhere to live with support: supported living, Shared Lives, Homeshare, extra care and care homes.", []),
    ("day-and-work", "Day activities and employment-related support", "What does a good life look like in the day, at work and in the community?",
     "Things to do in the day, getting and keeping a job, volunteering, learning and friendships.", ["activity"]),
    ("leaving-hospital", "Support with leaving hospital", "What does a good life look like after a stay in hospital?",
     "Getting home from hospital quickly and safely, and getting back to doing things for yourself.", []),
    ("whole-community", "Whole-community work", "What does a good life look like in your community?",
     "Help for everyone in a place: community groups, local connectors, information and early help.", []),
]

MODELS = [
    {"slug": "shared-lives", "name": "Shared Lives", "areas": ["accommodation", "day-and-work", "leaving-hospital"],
     "summary": "An adult who needs support is matched with an approved Shared Lives carer and their household. They may live "
                "together, visit for a short break, or spend the day together. The carer shares their family and community life.",
     "evidence": "Shared Lives Plus, the UK network, publishes a yearly report on Shared Lives. For 2024 to 2025 it reports 9,898 people "
                 "supported by 10,406 carers across the UK: 58% live-in arrangements, 27% short breaks and 17% day support.",
     "costs": "Carers are paid by the scheme for each arrangement; people may pay towards board and lodging. Care Commons does not hold "
              "verified cost comparisons: the council should add its own figures with their source.",
     "outcomes": "People describe relationships that last, being part of a family and community, and support from the same people over years.",
     "not_for": "It should not be used to place someone in a household they have not met and chosen, or as the cheapest place "
                "available when the match is poor. Carers must be approved and checked.",
     "sources": [["Shared Lives Plus, The State of Shared Lives (yearly report)", "sharedlivesplus.org.uk"],
                 ["Alex Fox on the Total Transformation model (SCIE, PPL, Nesta and Shared Lives Plus)", "Care Commons seed document 001"]]},
    {"slug": "homeshare", "name": "Homeshare", "areas": ["accommodation", "whole-community"],
     "summary": "Someone with a spare room who would like some help and company at home shares it with someone who needs somewhere "
                "affordable to live, who gives an agreed amount of help and company in return.",
     "evidence": "Homeshare UK is the national network for Homeshare programmes and describes how matches are made and supported.",
     "costs": "Both people usually pay the programme a monthly fee; no rent is paid for the room. Local fees vary: the council should add its own figures.",
     "outcomes": "Company and help at home for the householder; an affordable home for the homesharer.",
     "not_for": "It is not personal care and not a replacement for care workers, and it is not for someone who cannot choose who lives with them.",
     "sources": [["Homeshare UK", "homeshareuk.org"]]},
    {"slug": "local-area-coordination", "name": "Local Area Coordination", "areas": ["whole-community", "day-and-work"],
     "summary": "A local area coordinator, based in a neighbourhood, gets to know people and helps them build a good life with the "
                "people, groups and resources around them, before they reach crisis, without eligibility rules or referrals.",
     "evidence": "The Local Area Coordination Network gathers the independent evaluations of councils that use it.",
     "costs": "Mostly the coordinators' salaries. The council should add its own figures with their source.",
     "outcomes": "People more connected, with fewer crises; communities with more people helping each other.",
     "not_for": "It is not a way to ration or delay care people are eligible for, and coordinators are not care managers.",
     "sources": [["Local Area Coordination Network", "lacnetwork.org"]]},
    {"slug": "community-micro-enterprises", "name": "Community micro-enterprises", "areas": ["own-home", "day-and-work", "whole-community"],
     "summary": "Very small local services, often one person or a handful, offering care, support or activities to a few neighbours, "
                "helped to set up well and to meet the rules.",
     "evidence": "Community Catalysts has supported community micro-enterprises across the UK and publishes reports on them.",
     "costs": "Priced by each enterprise; often paid from direct payments. Add local prices with their source.",
     "outcomes": "More choice of small, local support, and familiar faces.",
     "not_for": "Regulated personal care still needs to be registered with the Care Quality Commission where the law says so.",
     "sources": [["Community Catalysts", "communitycatalysts.co.uk"]]},
    {"slug": "community-led-support", "name": "Community-led support", "areas": ["whole-community", "own-home"],
     "summary": "People can talk to someone about what matters to them at community hubs within days, without a waiting list; "
                "support is worked out with them, with less paperwork and more trust in staff.",
     "evidence": "The National Development Team for Inclusion (NDTi) has worked with councils on community-led support and published evaluations.",
     "costs": "Mostly a change in how staff work; hubs use community places. Add local figures with their source.",
     "outcomes": "Shorter waits, conversations in the community, and people getting help that fits sooner.",
     "not_for": "It should not replace an assessment a person asks for or is entitled to.",
     "sources": [["National Development Team for Inclusion (NDTi), community-led support", "ndti.org.uk"]]},
    {"slug": "reablement", "name": "Reablement", "areas": ["leaving-hospital", "own-home"],
     "summary": "Short-term help at home, usually after hospital or an illness, to get back the skills and confidence to do things for "
                "yourself. In England it is free for up to six weeks.",
     "evidence": "NICE guideline NG74, Intermediate care including reablement (2017), sets out what good reablement looks like.",
     "costs": "Free to the person for up to six weeks (Care and Support (Charging and Assessment of Resources) Regulations 2014). "
              "Add the council's own costs with their source.",
     "outcomes": "People doing more for themselves and needing less long-term support.",
     "not_for": "It is not long-term care, and should not be cut short to save money or used when a person's goals are not about regaining skills.",
     "sources": [["NICE guideline NG74, Intermediate care including reablement", "nice.org.uk/guidance/ng74"]]},
]


def install(apps: object) -> None:
    """Create the areas and models if they are not there (used by the data migration and the demo)."""
    Area = apps.get_model("participation", "Area")  # type: ignore[attr-defined]
    SupportModel = apps.get_model("participation", "SupportModel")  # type: ignore[attr-defined]
    for position, (slug, name, question, summary, kinds) in enumerate(AREAS, start=1):
        Area.objects.update_or_create(slug=slug, defaults={"name": name, "question": question, "summary": summary,
                                                           "position": position, "paid_kinds": kinds})
    for entry in MODELS:
        fields = {k: v for k, v in entry.items() if k not in ("slug", "areas")}
        model, _ = SupportModel.objects.update_or_create(slug=entry["slug"], defaults=fields)
        model.areas.set(Area.objects.filter(slug__in=entry["areas"]))
