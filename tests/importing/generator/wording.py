"""Invented wording for generated plans: councils, reviews, people, teams, sentences.

All of it is written for these tests (none is taken from the seed documents). Person names are
drawn so that no two in one plan are near-spellings of each other, because a reader is right to
merge "Diane Browm" into "Diane Brown" and the generator must not set that trap by accident.
"""

from __future__ import annotations

import random

from rapidfuzz import fuzz

COUNCIL_PLACES = (
    "Ambleford", "Brackenhurst", "Castlemere", "Dunmore Vale", "Eastwick", "Fernholme", "Greywater",
    "Hollinbrook", "Inglesby", "Kestrel Moor", "Larkfield", "Millbridge", "Northwold", "Oxendale",
    "Pennycross", "Ravensmoor", "Saltley Bay", "Thornwick", "Upperton", "Westcombe",
)  # fmt: skip
COUNCIL_KINDS = ("Borough Council", "District Council", "City Council", "County Council", "University Health Board")
COMMITTEES = (
    "Overview and Scrutiny Committee", "Housing Scrutiny Panel", "Health and Wellbeing Scrutiny Committee",
    "Children and Young People Scrutiny Commission", "Environment Scrutiny Sub-Committee", "Audit Committee",
    "Community Safety Scrutiny Panel", "Resources Scrutiny Committee",
)  # fmt: skip
REVIEW_TOPICS = (
    "temporary accommodation", "school transport", "fly-tipping", "adult day services", "library opening hours",
    "flood resilience", "street lighting", "youth services", "town centre parking", "home adaptations",
    "council tax support", "allotments", "bus shelters", "private sector housing standards", "air quality near schools",
)  # fmt: skip

FIRST_NAMES = (
    "Abigail", "Adrian", "Alison", "Ambrose", "Annette", "Barnaby", "Belinda", "Bernard", "Camille", "Cedric",
    "Clarissa", "Desmond", "Dorothy", "Eleanor", "Emeka", "Fenella", "Florian", "Georgina", "Gregory",
    "Harriet", "Horace", "Ingrid", "Isidore", "Jasmine", "Jeremy", "Josephine", "Kenneth", "Leonora", "Lorcan",
    "Malcolm", "Marguerite", "Mohammed", "Nathaniel", "Nerys", "Octavia", "Oswald", "Philippa", "Priyanka",
    "Rosalind", "Rupert", "Saoirse", "Sebastian", "Tabitha", "Thaddeus", "Veronica", "Winston", "Yolanda",
    "Zachary",
)  # fmt: skip
SURNAMES = (
    "Abernethy", "Adeyemi", "Blackwood", "Brightman", "Castellano", "Cheung", "Drummond", "Dubois", "Ellsworth",
    "Farrington", "Fitzgerald", "Goldsworthy", "Hargreaves", "Hollingsworth", "Ishikawa", "Kavanagh",
    "Kowalski", "Lancaster", "Loughran", "Macintyre", "Marchetti", "Nightingale", "Oyelaran", "Pemberton",
    "Quigley", "Ramsbottom", "Rosenthal", "Sutherland", "Szymanski", "Thistlewood", "Trevelyan", "Umberton",
    "Valentine", "Wainwright", "Whitmore", "Yeardley", "Zamoyski",
)  # fmt: skip
ROLES = (
    "Head of Housing", "Head of Legal", "Head of Planning", "Head of Revenues", "Head of Communications",
    "Director of Finance", "Director of Public Health", "Director of Place", "Chief Executive",
    "Monitoring Officer", "Assistant Director of Adult Care", "Head of Waste Services",
)  # fmt: skip
ROLE_CODES = ("DoF", "DPH", "CEO", "HR", "ICT", "DCS", "DoN")
TEAMS = (
    "Finance Team", "Highways Service", "Waste Management Team", "Community Safety Partnership",
    "Customer Services", "Environmental Health", "Housing Options Team", "Parks Team", "Libraries Service",
    "Planning Policy Team", "Procurement Unit", "Public Health Team", "Licensing Team", "Democratic Services",
    "Revenues and Benefits Team", "Estates Team",
)  # fmt: skip

_REC_VERBS = (
    "Review", "Publish", "Introduce", "Extend", "Set up", "Commission", "Agree", "Develop", "Consult residents on",
    "Strengthen", "Map", "Simplify", "Reduce", "Improve",
)  # fmt: skip
_REC_OBJECTS = (
    "the allocation scheme for sheltered flats", "a single contact point for flood reports",
    "the charging policy for bulky waste collections", "the support offered to young carers",
    "the way complaints about repairs are logged", "the register of empty shops in the high street",
    "the grant scheme for community groups", "the timetable for clearing blocked gullies",
    "the training given to new licensing officers", "the information sent to tenants before a rent change",
    "the use of agency staff in children's homes", "the backlog of adaptation requests",
    "the number of public drinking water points", "the directory of advice services",
    "the monitoring of air quality outside primary schools", "the checks made on private hire drivers",
    "the opening hours of the two busiest libraries", "the route planning for school buses",
)  # fmt: skip
_REC_PURPOSES = (
    "so that residents can see what has changed", "before the next budget is set", "with the voluntary sector",
    "in every ward", "so that members receive a clear picture of demand", "and report the results to the panel",
    "so that fewer households wait more than a month", "", "", "",
)  # fmt: skip
_ACTION_VERBS = (
    "Draft", "Write to", "Hold a workshop on", "Carry out a survey of", "Prepare a report on", "Bring a paper to Cabinet on",
    "Add a page to the website about", "Agree terms with partners for", "Train front-line staff on", "Audit",
    "Set targets for", "Pilot a new approach to",
)  # fmt: skip
_ACTION_OBJECTS = (
    "the revised eligibility criteria", "every tenants' association", "the proposed changes to collection rounds",
    "the cost of extending the scheme", "the results of the consultation", "the new referral form",
    "the options for shared funding", "the performance measures", "the data-sharing agreement",
    "the list of priority sites", "the communications plan", "the draft policy",
)  # fmt: skip
_RESPONSES_ACCEPTED = ("Agreed", "Accepted", "Agreed.", "Accepted in full")
_RESPONSES_OTHER = (
    "Accepted in part", "Agreed in principle", "Partially accepted",
    "Rejected – the cost cannot be met from this year's budget", "Not agreed: the service is already provided by partners",
)  # fmt: skip
STATUS_WORDS = (
    "On track", "In progress", "Not started", "Complete", "Completed", "Delayed", "Being tracked",
    "Propose closure", "G", "A", "R", "Green", "Amber", "Red", "Blue", "",
)  # fmt: skip
_PROGRESS = (
    "First meeting held with partners; a draft is being prepared.",
    "Survey closed with 412 responses. Analysis under way.",
    "Report taken to the management team, who asked for costings.",
    "Delayed by a vacancy in the team; recruitment has been approved.",
    "Pilot running in two wards. Early feedback is positive.",
    "Nothing to report since the last meeting.",
    "Funding confirmed. Work begins after the procurement exercise.",
    "Policy adopted by Cabinet and published on the website.",
    "Partners have agreed the terms; the agreement is with legal for checking.",
    "Staff briefings given to 38 officers so far.",
)  # fmt: skip


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def recommendation_text(rnd: random.Random) -> str:
    purpose = rnd.choice(_REC_PURPOSES)
    text = f"{rnd.choice(_REC_VERBS)} {rnd.choice(_REC_OBJECTS)}"
    return f"{text} {purpose}." if purpose else f"{text}."


def action_text(rnd: random.Random) -> str:
    return f"{rnd.choice(_ACTION_VERBS)} {rnd.choice(_ACTION_OBJECTS)}."


def response_text(rnd: random.Random) -> str:
    return rnd.choice(_RESPONSES_ACCEPTED) if rnd.random() < 0.7 else rnd.choice(_RESPONSES_OTHER)


def progress_text(rnd: random.Random, year: int) -> str:
    """One to three progress notes; later ones often dated, as officers append to the cell."""
    notes = rnd.sample(_PROGRESS, rnd.choices((1, 2, 3), weights=(60, 30, 10))[0])
    if len(notes) > 1 and rnd.random() < 0.6:
        months = rnd.sample(range(1, 13), len(notes))
        notes = [f"{MONTHS[m - 1]} {year}: {note}" for m, note in zip(sorted(months), notes, strict=True)]
    return " ".join(notes)


def member_name(rnd: random.Random) -> str:
    """A cabinet member, as trackers name the portfolio holder beside the lead officer."""
    return f"Cllr {rnd.choice(FIRST_NAMES)} {rnd.choice(SURNAMES)}"


class OwnerPool:
    """The people, roles and teams of one plan: a handful, reused across actions as in real
    trackers, with no two people spelled nearly alike."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        people: list[str] = []
        while len(people) < rnd.randint(3, 6):
            name = f"{rnd.choice(FIRST_NAMES)} {rnd.choice(SURNAMES)}"
            if all(fuzz.ratio(name, other) < 70 and name.split()[1] != other.split()[1] for other in people):
                people.append(name)
        self.people = people
        self.roles = rnd.sample(ROLES, 3)
        self.codes = rnd.sample(ROLE_CODES, 2)
        self.teams = rnd.sample(TEAMS, 3)

    def one(self) -> str:
        kind = self.rnd.random()
        if kind < 0.45:
            return self.rnd.choice(self.people)
        if kind < 0.65:
            return self.rnd.choice(self.roles)
        if kind < 0.75:
            return self.rnd.choice(self.codes)
        return self.rnd.choice(self.teams)

    def owners(self) -> list[str]:
        count = self.rnd.choices((1, 2, 3), weights=(60, 32, 8))[0]
        chosen: list[str] = []
        while len(chosen) < count:
            name = self.one()
            if name not in chosen:
                chosen.append(name)
        return chosen


def council_name(rnd: random.Random) -> str:
    return f"{rnd.choice(COUNCIL_PLACES)} {rnd.choice(COUNCIL_KINDS)}"


def review_title(rnd: random.Random) -> str:
    return f"Review of {rnd.choice(REVIEW_TOPICS)}"
