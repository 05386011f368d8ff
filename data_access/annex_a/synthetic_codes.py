"""What the synthetic Annex A writes: each list's columns (the canonical names of Ofsted's
Annex A guidance, as liiatools' annex-a-merge.yml gives them), the codes councils write in
them, and how the sample's teams share the work and how well each does it.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_access.seed import read_csv

PERSON = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ("Allocated Team", "Allocated Worker")

COLUMNS: dict[str, tuple[str, ...]] = {
    "List 1": (*PERSON, "Date of Contact", "Contact Source"),
    "List 2": (
        *PERSON,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ),
    "List 3": (
        *PERSON,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATED,
    ),
    "List 4": (
        *PERSON,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOCATED,
    ),
    "List 5": (
        *PERSON,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOCATED,
    ),
    "List 6": (
        *PERSON,
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *ALLOCATED,
    ),
    "List 7": (
        *PERSON,
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *ALLOCATED,
    ),
    "List 8": (
        *PERSON,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        DISABILITY,
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last "
        "12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
        "months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *ALLOCATED,
    ),
    "List 9": (
        *PERSON,
        DISABILITY,
        *ALLOCATED,
        "Eligibility Category",
        "LA in Touch",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ),
    "List 10": (
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        DISABILITY,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ),
    "List 11": (
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ),
}


def lettered(*codes: str) -> tuple[str, ...]:
    """Codes as councils' drop-down lists write them: "a) WBRI", "b) WIRI" ..."""
    return tuple(f"{chr(97 + n)}) {code}" for n, code in enumerate(codes))


YES, NO = "Yes", "No"
A_YES, B_NO = lettered("Yes", "No")
GENDERS = lettered("Male", "Female", "Not stated/recorded")
GENDER_WEIGHTS = (0.51, 0.485, 0.005)
ETHNICITIES = lettered(
    "WBRI",
    "WIRI",
    "WIRT",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "NOBT",
    "REFU",
)
# Roughly the sample authority's children: mostly White British, then Asian (Pakistani, Bangladeshi,
# Indian), mixed and other heritages.
ETHNICITY_WEIGHTS = (
    *(78, 0.5, 0.3, 2.5, 0.2, 1.5, 0.5, 0.8, 1.0, 1.0, 4.0, 3.5, 0.8, 0.2, 1.0, 0.3, 0.4),
    *(1.5, 1.5, 0.5),
)
# The children in need census's referral sources, lettered in its order.
SOURCES = lettered(
    "1A: Individual",
    "1B: Individual",
    "1C: Individual",
    "1D: Individual",
    "2A: Schools",
    "2B: Education services",
    "3A: Health services",
    "3B: Health services",
    "3C: Health services",
    "3D: Health services",
    "3E: Health services",
    "3F: Health services",
    "4: Housing",
    "5A: LA services",
    "5B: LA services",
    "5C: LA services",
    "6: Police",
    "7: Other legal agency",
    "8: Other",
    "9: Anonymous",
    "10: Unknown",
)
SOURCE_WEIGHTS = (5, 2, 2, 1, 18, 2, 2, 3, 1, 6, 3, 3, 2, 4, 2, 1, 30, 2, 8, 2, 1)
NEEDS = (
    "N1 - Abuse or Neglect",
    "N2 - Child's disability",
    "N3 - Parental illness/disability",
    "N4 - Family in acute stress",
    "N5 - Family dysfunction",
    "N6 - Socially unacceptable behaviour",
    "N7 - Low income",
    "N8 - Absent parenting",
)
NEED_WEIGHTS = (55, 8, 4, 10, 15, 4, 1, 3)
CASE_STATUSES = lettered("Looked after child", "Child protection plan", "Child in need plan")
CLOSURE_REASONS = (
    "RC3 - Child arrangements order granted",
    "RC4 - Special guardianship order granted",
    "RC5 - Transferred to another local authority",
    "RC6 - Transferred to adult social care services",
    "RC7 - Services ceased for any other reason, including child no longer in need",
)
CLOSURE_WEIGHTS = (3, 2, 6, 4, 85)
ABUSE = ("Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple")
ABUSE_WEIGHTS = (48, 35, 8, 4, 5)
LEGAL_STATUSES = (
    "C1: ICO",
    "C2: FCO",
    "E1: Placement order",
    "V2: Single period of accommodation under section 20",
)
LEGAL_WEIGHTS = (15, 60, 10, 15)
PERMANENCE = (
    "Long term fostering",
    "Adoption",
    "Return to family",
    "Special guardianship order",
    "Supported living in the community",
)
PERMANENCE_WEIGHTS = (55, 10, 15, 10, 10)
CEASED_REASONS = (
    "a) E11: Adopted - application for an adoption order unopposed",
    "k) E47: Special Guardianship Orders - relative/friend",
    "n) E13: Left care to live with parent(s), relative(s), or other person(s)",
    "r) E17: Aged 18 (or over) and remained with current carers",
    "s) E8: Period of care ceased for any other reason",
)
CEASED_WEIGHTS = (10, 15, 35, 10, 30)
PLACEMENT_TYPES = (
    "a) U1: Foster placement - relatives - long term",
    "c) U3: Foster placement - relatives - other",
    "d) U4: Foster placement - long term",
    "f) U6: Foster placement - not FFA",
    "j) P1: Placed with own parent(s)",
    "k) K2: Children's home",
    "n) H5: Residential accommodation",
)
PLACEMENT_WEIGHTS = (15, 8, 25, 27, 8, 12, 5)
PROVIDERS = lettered(
    "PR0 - Parent(s) or other person with parental responsibility",
    "PR1 - Own provision",
    "PR2 - Other LA provision",
    "PR3 - Other public provision",
    "PR4 - Private provision",
    "PR5 - Voluntary/third sector",
)
PROVIDER_WEIGHTS = (8, 45, 5, 2, 35, 5)
HOME_LA = next(  # the sample authority, placing most of its children itself
    row["name"] for row in read_csv("areas.csv") if row["kind"] == "local_authority"
)
PLACEMENT_LAS = (HOME_LA, "Manchester", "Oldham", "Stockport", "Derbyshire", "Lancashire")
PLACEMENT_LA_WEIGHTS = (65, 8, 8, 8, 6, 5)
POSTCODE_DISTRICTS = ("OL5", "OL6", "OL7", "SK14", "SK15", "SK16", "M34", "M43")
ELIGIBILITY = lettered("Relevant child", "Former relevant child", "Qualifying care leaver")
ELIGIBILITY_WEIGHTS = (12, 80, 8)
IN_TOUCH = lettered("Yes", "No", "Refused", "Died")
IN_TOUCH_WEIGHTS = (95, 3, 1.9, 0.1)
ACCOMMODATION = (
    "B: Parents/relatives",
    "D: Semi-independent, transitional accommodation",
    "E: Supported lodgings",
    "U: Independent living",
    "Y: Other accommodation",
    "Z: With former foster carers",
    "X: In custody",
)
ACCOMMODATION_WEIGHTS = (15, 20, 8, 35, 8, 12, 2)
SUITABILITY = lettered("Suitable", "Unsuitable")
IN_EDUCATION_OR_WORK = (
    "F1: Full time in higher education",
    "P1: Part time in higher education",
    "F2: Full time in education other than higher",
    "P2: Part time in education other than higher",
    "F3: Full time in training or employment",
    "P3: Part time in training or employment",
)
NOT_IN_EDUCATION_OR_WORK = (
    "G4: Not in education, employment or training - illness or disability",
    "G5: Not in education, employment or training - other",
    "G6: Not in education, employment or training - pregnancy or parenting",
)
ADOPTION_ENDED = ("RD1", "RD2", "RD3", "RD4")
EARLY_HELP_ORGANISATIONS = ("Early help - schools and partners", "Family hub")


@dataclass(frozen=True)
class TeamProfile:
    """One of the sample's teams (by slug) as the synthetic Annex A draws it: how many workers
    it has at the sample authority's size, and how often it does a thing in time, from 0 to 1."""

    slug: str
    workers: int
    assessments_in_time: float = 0.88
    conferences_in_time: float = 0.92
    visits_in_time: float = 0.95


# The team that struggles: late with assessments, conferences and visits, and short of workers
# (as in the sample's illustrative figures, where it slips behind the others).
STRUGGLING_TEAM = "disabled-children"
TEAMS = (
    TeamProfile("front-door-mash", 8),
    TeamProfile("duty-and-assessment", 13, 0.86, 0.9, 0.93),
    TeamProfile("safeguarding-north", 21, 0.88, 0.93, 0.97),
    TeamProfile("safeguarding-south", 16, 0.87, 0.91, 0.94),
    TeamProfile("safeguarding-east", 19, 0.89, 0.94, 0.97),
    TeamProfile("safeguarding-west", 15, 0.85, 0.9, 0.93),
    TeamProfile("cared-for-children", 40, visits_in_time=0.96),
    TeamProfile("leaving-care", 16),
    TeamProfile(STRUGGLING_TEAM, 8, 0.5, 0.4, 0.6),
)
EARLY_HELP_TEAMS = ("early-help-north", "early-help-south", "early-help-east", "early-help-west")
# Who holds each kind of case: shares of the sample's (9b, 9c, 9d and 8 team shares).
ASSESSING = {
    "duty-and-assessment": 0.7,
    "safeguarding-north": 0.066,
    "safeguarding-south": 0.06,
    "safeguarding-east": 0.06,
    "safeguarding-west": 0.064,
    STRUGGLING_TEAM: 0.05,
}
CHILD_IN_NEED = {
    "duty-and-assessment": 0.3,
    "safeguarding-north": 0.17,
    "safeguarding-south": 0.16,
    "safeguarding-east": 0.15,
    "safeguarding-west": 0.14,
    STRUGGLING_TEAM: 0.08,
}
PROTECTING = {
    "safeguarding-north": 0.27,
    "safeguarding-south": 0.24,
    "safeguarding-east": 0.22,
    "safeguarding-west": 0.21,
    STRUGGLING_TEAM: 0.06,
}
LOOKING_AFTER = {"cared-for-children": 0.9, STRUGGLING_TEAM: 0.1}
