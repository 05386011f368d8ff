"""The glossary's terms: the words the plans, the scorecard and Ofsted's reports use,
explained in plain English. Plain data, shown by `dashboard/pages/glossary.py`, which puts the
configured authority's name in for {name} and "{possessive}" (its name with 's)."""

from __future__ import annotations

# (anchor, term, meaning), in alphabetical order of the term.
# fmt: off
TERMS: tuple[tuple[str, str, str], ...] = (
    ("asye", "ASYE (Assessed and Supported Year in Employment)",
     "A newly qualified social worker's first year in the job, with extra supervision, "
     "training and a lighter caseload, assessed at the end of the year."),
    ("brag", "BRAG (blue, red, amber, green)",
     "The status of an action in a plan: blue is complete, green on track, amber at risk and "
     "red off track. An action can also be not started."),
    ("c-suppressed", "c (suppressed figure)",
     "A figure hidden to protect children's privacy because it counts fewer than 6 children: "
     "a count of 1 to 5, a percentage, rate or average out of 1 to 5 children, or a percentage "
     "or rate of 1 to 5 children out of any number. It is not rated and leaves a gap in "
     "charts. Scrutiny panel members and visitors to the public site see c; staff see the "
     "figure. Published statistics use c the same way."),
    ("care-leaver", "Care leaver",
     "A young person who has left the council's care. The council keeps supporting them, "
     "through a personal adviser and a pathway plan, until they are 21, or 25 if they want it."),
    ("child-and-family-assessment", "Child and family assessment",
     "A social worker's assessment of a child's needs and the family's ability to meet them, "
     "taking in family history. It should be finished within 45 working days of the referral."),
    ("cin", "CiN (child in need)",
     "A child who is unlikely to stay healthy or develop well without help from services, or "
     "who is disabled (section 17 of the Children Act 1989). A child in need plan says what "
     "help the family will get."),
    ("contact", "Contact",
     "Any enquiry to children's services about a child, from a professional, a relative or the "
     "public. Some contacts become referrals; many are answered with advice or early help."),
    ("corporate-parenting", "Corporate parenting",
     "The council's duty, shared by every councillor and officer, to act for the children in "
     "its care as a good parent would."),
    ("cp", "CP (child protection) and child protection plan",
     "When a child is at risk of significant harm, a child protection conference agrees a "
     "child protection plan: what must happen, and who must do it, to keep the child safe."),
    ("demand-forecast", "Demand forecast",
     "The next 12 months of a count of work arriving or children held (contacts, referrals, "
     "caseloads, child protection, children looked after, care leavers), carried forward from "
     "the past pattern, with the ranges the figure is likely to fall in. It cannot foresee "
     "what changes the pattern."),
    ("dfe", "DfE (Department for Education)",
     "The government department responsible for children's services. It issues Improvement "
     "Notices and publishes the national figures used for comparison."),
    ("early-help", "Early help",
     "Support for a child and family as soon as problems start, from the council and partners "
     "such as schools and health, so that problems do not grow to need a social worker."),
    ("eha", "EHA (Early Help Assessment)",
     "The shared form any agency uses to understand a family's needs and agree the early help "
     "they will get. Schools hold many of them."),
    ("ehcp", "EHCP (Education, Health and Care Plan)",
     "A legal plan for a child or young person up to 25 with special educational needs who "
     "needs more support than a school or college normally gives."),
    ("fgc", "Family group conference",
     "A meeting where a child's family and friends, helped by an independent coordinator, make "
     "their own plan for the child's safety and care."),
    ("focused-visit", "Focused visit",
     "A short Ofsted visit, usually two days, that looks at one part of the service between "
     "full inspections. It gives no grade but names areas for improvement or for priority "
     "action."),
    ("icpc", "ICPC (Initial Child Protection Conference)",
     "The first meeting of the family and professionals after child protection enquiries. It "
     "decides whether the child needs a child protection plan. It should be held within 15 "
     "working days of the strategy meeting."),
    ("ilacs", "ILACS (Inspection of Local Authority Children's Services)",
     "Ofsted's way of inspecting children's social care since 2018. Grades are outstanding, "
     "good, requires improvement to be good and inadequate."),
    ("improvement-board", "Improvement Board",
     "A board of the council and its partners, with an independent chair, that directs and "
     "challenges the improvement plan."),
    ("improvement-notice", "Improvement Notice",
     "A formal notice from the DfE setting out what a council must improve and how progress "
     "will be checked."),
    ("iro", "IRO (Independent Reviewing Officer)",
     "An experienced social worker, independent of the child's case, who chairs the reviews of "
     "a cared-for child's care plan and makes sure the plan meets the child's needs."),
    ("lac", "LAC (looked after children), cared-for children",
     "Children in the council's care, under a court order or with their parents' agreement, "
     "also called children in care or cared-for children."),
    ("mash", "MASH (Multi-Agency Safeguarding Hub), Children's Hub, front door",
     "Where contacts and referrals about children arrive. Social care, police, health and "
     "others share what they know to decide quickly what help a child needs. The front door "
     "means this whole way in to services."),
    ("monitoring-visit", "Monitoring visit",
     "A visit Ofsted makes every few months to a council judged inadequate, to check progress "
     "on one part of the service. It ends in a published letter, not a grade."),
    ("neet", "NEET (not in education, employment or training)",
     "A young person who is not studying, working or training. The scorecard counts care "
     "leavers who are NEET."),
    ("nqsw", "NQSW (newly qualified social worker)",
     "A social worker in their first year after qualifying, who is on the ASYE."),
    ("ofsted", "Ofsted",
     "The Office for Standards in Education, Children's Services and Skills: the inspectorate "
     "that inspects council children's services and reports on them."),
    ("overdue", "Overdue, days overdue and revised due date",
     "An action is overdue when its due date has passed at the reporting date and it is not "
     "complete; an action due on the reporting date itself is not yet overdue. Days overdue "
     "counts the days from its due date to the reporting date. When a plan or a progress update "
     "moves an action's due date, the new one is its revised due date, and that date decides "
     "whether it is overdue; the date its plan first set is still shown beside it."),
    ("pathway-plan", "Pathway plan",
     "The plan, from age 16, for a young person leaving care: where they will live, education "
     "or work, health, money and who will support them. It is reviewed at least every six "
     "months."),
    ("pep", "PEP (Personal Education Plan)",
     "The part of a cared-for child's care plan about their education, agreed with their "
     "school and reviewed every term."),
    ("performance-clinic", "Performance clinic",
     "A monthly meeting where managers go through their team's figures and actions, account "
     "for them and raise what is getting in the way."),
    ("permanence", "Permanence",
     "A safe, stable and lasting home for a child until they grow up: back with their family, "
     "with relatives under a special guardianship order, in long-term foster care or by "
     "adoption."),
    ("personal-adviser", "Personal adviser",
     "The worker in the leaving care team who keeps in touch with a care leaver and helps them "
     "with their pathway plan, up to age 25."),
    ("plan-on-a-page", "Plan on a page",
     "Each team's one-page plan: the improvement actions the team is taking and its progress "
     "against its indicators of success."),
    ("plo", "PLO (Public Law Outline) and pre-proceedings",
     "The PLO is the court's process and timetable for care proceedings. Pre-proceedings is "
     "the stage before court: the council writes to the parents, meets them and sets out what "
     "must change, so that court can be avoided where that is safe."),
    ("polarity", "Polarity",
     "Which way is better for a measure: up (higher is better), down (lower is better) or "
     "neutral (a context or demand figure that is shown but not rated)."),
    ("published-illustrative", "Published, computed and illustrative figures",
     "A published figure appears exactly as a council or Ofsted document gives it, and is "
     "marked published on screen. A computed figure is one the dashboard works out from "
     "published figures, such as the statistical neighbours' mean: its source says from "
     "which figures and how. Every other figure in this sample is illustrative: made up to "
     "show how the dashboard works."),
    ("rag", "RAG (red, amber, green)",
     "The rating of a measure against its target: green at or better than target, amber worse "
     "but within the tolerance, red worse by more than the tolerance."),
    ("quartile-band", "Quartile band",
     "Where a council's figure falls among every council's in England, in four equal parts: A "
     "is the best quarter and D the worst, by the measure's polarity. A measure where higher "
     "is neither better nor worse has no band."),
    ("referral", "Referral",
     "A contact that children's social care accepts as needing a social work assessment."),
    ("rhi", "RHI (return home interview)",
     "A conversation offered to a child within 72 hours of coming back from being missing, "
     "with someone independent, to understand why they went and what happened, and to keep "
     "them safer."),
    ("s47", "Section 47 (S47) enquiry and strategy meeting",
     "When there is reason to think a child is suffering, or likely to suffer, significant "
     "harm, the council must make enquiries (section 47 of the Children Act 1989). A strategy "
     "meeting of social care, police, health and others decides whether and how to do so."),
    ("send", "SEND (special educational needs and disabilities)",
     "Children and young people who need extra help to learn because of a learning difficulty "
     "or disability."),
    ("sgo", "SGO (special guardianship order)",
     "A court order that makes a relative or other carer a child's special guardian until they "
     "are 18, giving the child a permanent home without adoption."),
    ("signs-of-safety", "Signs of Safety",
     "A way for social workers to work with families: looking together at what is working "
     "well, what the worries are and what needs to happen, in the family's own words."),
    ("statistical-neighbours", "Statistical neighbours",
     "The ten councils most like {name} in their population and circumstances, as chosen by "
     "the DfE. Their average is a fairer comparison than England as a whole. DfE has two "
     "sets: the April 2021 groupings and the 2025 model; the dashboard uses the 2025 model "
     "unless set to the other. Their mean and median are computed by the dashboard from the "
     "neighbours' figures, and only when at least half of them have one."),
    ("spc", "SPC (statistical process control)",
     "A chart that tells a real change in a measure from its usual ups and downs. Figures "
     "inside the process limits, with no pattern, are common cause variation: noise. A "
     "special cause (a figure outside a limit, 7 in a row on one side of the mean, 7 rising or "
     "falling in a row, or 2 of 3 near a limit) is a sign that something has changed, for "
     "better (improvement) or worse (concern). Assurance says whether the target will be met "
     "every month, never, or some months and not others. The icons follow NHS England's "
     "Making Data Count."),
    ("spc-icons", "SPC icons on a measure's card",
     "Two icons with words under a measure's rating. The first says whether the latest "
     "figures show a real change: \"Improvement, higher\" means they are unusually high and "
     "higher is better; \"Common cause\" means only the usual ups and downs. The second says "
     "whether the target can be relied on: \"Target never met\" means that over the usual "
     "range of the recent figures (the latest 36 at most) every figure misses the target. A "
     "card can be green, because its latest figure meets the target, and still say "
     "\"Improvement, higher\" and "
     "\"Target never met\": things have just got better, but not for long enough to move the "
     "usual range past the target. Each card opens to say this for its own figures."),
    ("tolerance", "Tolerance",
     "How far a measure may fall short of its target and still be amber rather than red, in "
     "the measure's own unit (for a percentage, in points)."),
    ("voice-of-the-child", "Voice of the child",
     "Children's own views, wishes and feelings, heard, written down and acted on. It "
     "underpins all six improvement themes."),
    ("wsoa", "WSoA (Written Statement of Action)",
     "The plan a local area must write when a SEND inspection finds serious weaknesses."),
)
# fmt: on

# What the sample's documents say of the sample's authority, added to the term's meaning when
# the dashboard shows the sample data (dashboard/configured.py, `shows_sample`).
SAMPLE_NOTES: dict[str, str] = {
    "fgc": "{name} uses them before care proceedings wherever it can.",
    "focused-visit": "{name} had focused visits in May 2021 and April 2022.",
    "ilacs": "{possessive} May 2019 inspection used it.",
    "improvement-board": (
        "{possessive} was set up in January 2017, and a new one in August 2022 under the "
        "Improvement Notice."
    ),
    "improvement-notice": "{possessive} was issued on 5 July 2022.",
    "lac": "{name} now says cared-for children; older documents say looked after children.",
    "mash": "In {name} it is the Children's Hub.",
    "signs-of-safety": "It is the way {possessive} social workers work.",
    "wsoa": (
        "{possessive} was signed off by Ofsted and the Care Quality Commission on 1 July 2022."
    ),
}
