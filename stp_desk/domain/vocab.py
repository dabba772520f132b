"""The fixed vocabularies of the record: stored codes and the words a clerk reads."""

BOARD_KINDS = {
    "hwb": "Health and Wellbeing Board",
    "joint_hwb_committee": "Joint HWB committee",
    "stp_oversight": "STP oversight board",
    "hosc": "Health overview and scrutiny committee",
}
PERSON_KINDS = {
    "elected_member": "Elected member",
    "council_officer": "Council officer",
    "nhs": "NHS / CCG",
    "healthwatch": "Healthwatch",
    "voluntary": "Voluntary sector",
    "public": "Member of the public",
    "other": "Other",
}
COUNCIL_LEADER = "Council leader"
CABINET_LEAD = "Cabinet lead for health and social care"
HWB_CHAIR = "HWB chair"
DPH = "Director of Public Health"
DASS = "Director of Adult Social Services"
CHIEF_EXECUTIVE = "Chief executive"
ROLE_TITLES = [COUNCIL_LEADER, CABINET_LEAD, HWB_CHAIR, DPH, DASS, CHIEF_EXECUTIVE, "Healthwatch representative"]
POSITIONS = {"member": "Member", "chair": "Chair", "vice_chair": "Vice-chair"}
MEETING_STATUSES = {"scheduled": "Scheduled", "held": "Held", "cancelled": "Cancelled", "adjourned": "Adjourned"}
SESSIONS = {"public": "Public", "private": "Private"}
MINUTES_STATUSES = {"draft": "Draft", "approved": "Approved"}
# The items a new meeting of a board starts with, until the clerk changes the board's own list: the opening business
# of a council committee (apologies and substitutes, the members' code of conduct's declarations, and the signing of
# the last minutes under the Local Government Act 1972, Sch. 12, para. 41(1)).
STANDARD_ITEMS = ["Welcome and apologies for absence", "Declarations of interest",
                  "Minutes of the previous meeting"]
ITEM_KINDS = {
    "stp_update": "STP update",
    "plan_signoff": "Plan sign-off",
    "scrutiny": "Scrutiny",
    "decision": "Decision",
    "information": "Information",
}
ATTENDANCE_STATUSES = {
    "present": "Present",
    "apologies": "Apologies",
    "absent": "Absent",
    "substitute": "Substitute",
    "in_attendance": "In attendance",
}
DECISIONS = {
    "approved": "Approved",
    "approved_with_conditions": "Approved with conditions",
    "deferred": "Deferred",
    "not_approved": "Not approved",
}
REFERRAL_STATUSES = {"open": "Open", "responded": "Response received", "closed": "Closed"}
# What the LGA bulletin (autumn 2016, expectation 2) says a summary of the plan should "set out at a minimum".
PUBLICATION_CONTENTS = {
    "vision": "The locally agreed vision and case for change across the three gaps",
    "priorities": "The identified agreed priorities and milestones",
    "engagement_plan": "A plan for further communications with local authority partners and wider community "
                       "engagement",
}
ACTION_STATUSES = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}
GAP_COMPONENTS = {
    "nhs": "NHS",
    "adult_social_care": "Adult social care",
    "public_health": "Public health",
    "other": "Other",
}
# Schedule 12A to the Local Government Act 1972: the paragraphs that make information exempt.
SCHEDULE_12A = {
    1: "Information relating to any individual",
    2: "Information likely to reveal the identity of an individual",
    3: "Financial or business affairs of any particular person",
    4: "Labour relations matters",
    5: "Legal professional privilege",
    6: "Notices, orders or directions the authority proposes to give or make",
    7: "Prevention, investigation or prosecution of crime",
}
