"""Closed vocabularies: every coded column draws its values from one list here.

Each code list maps a code to its (label, description). The order of a list is the
category order in the published Parquet files and must stay stable.
"""

from __future__ import annotations

Codes = dict[str, tuple[str, str]]

MISSING_REASON: Codes = {
    "not_disclosed": (
        "Not disclosed",
        "The value exists but the parties did not make it public, or no source reports it.",
    ),
    "not_applicable": (
        "Not applicable",
        "The value does not exist for this row (e.g. no deadline was ever set).",
    ),
    "unknown": (
        "Unknown",
        "Sources are silent or too vague to tell whether the value exists.",
    ),
}

DATE_PRECISION: Codes = {
    "day": ("Day", "The source gives the calendar day."),
    "month": ("Month", "The source gives the month only; the date is stored as its first day."),
    "year": ("Year", "The source gives the year only; the date is stored as 1 January."),
}

SERVICE: Codes = {
    "bbm": ("BlackBerry Messenger (consumer)", "Consumer BlackBerry Messenger (BBM) chat."),
    "bis": (
        "BlackBerry Internet Service",
        "Consumer BlackBerry Internet Service: push e-mail and web browsing.",
    ),
    "bes": (
        "BlackBerry Enterprise Server/Service",
        "Enterprise e-mail and enterprise BBM routed through a company's BES.",
    ),
}

ACCESS: Codes = {
    "lawful_interception": (
        "Lawful interception",
        "Access to communications content or metadata on lawful request.",
    ),
    "local_servers": (
        "In-country servers",
        "Servers or routing infrastructure located inside the country.",
    ),
    "encryption_keys": (
        "Encryption keys",
        "The keys or means to decrypt BlackBerry traffic.",
    ),
    "monitor_all_traffic": (
        "Monitoring of all traffic",
        "Standing ability to monitor all traffic of a service, not case by case.",
    ),
    "content_filtering": (
        "Content filtering",
        "Filtering or blocking of content reached through BlackBerry services.",
    ),
}

THREAT: Codes = {
    "suspend_services": (
        "Suspend or block services",
        "Suspend, block, ban or shut down the named BlackBerry services in the country.",
    ),
    "expel_company": ("Expel the company", "Bar the company from operating in the country."),
    "other": ("Other", "Another threatened action, described in the summary."),
    "not_disclosed": MISSING_REASON["not_disclosed"],
}

RESPONSE: Codes = {
    "refused": ("Refused", "BlackBerry publicly refused the demand."),
    "negotiated_undisclosed": (
        "Negotiated, terms undisclosed",
        "BlackBerry reached an arrangement whose terms were not made public.",
    ),
    "partial_access": (
        "Provided partial access",
        "BlackBerry provided access to some services or data but not all that was demanded.",
    ),
    "local_infrastructure": (
        "Placed infrastructure in the country",
        "BlackBerry installed servers or other infrastructure in the country.",
    ),
    "announced_exit": (
        "Announced exit",
        "BlackBerry announced it would leave the market rather than comply.",
    ),
    "not_disclosed": MISSING_REASON["not_disclosed"],
}

OUTCOME: Codes = {
    "suspension_averted": (
        "Suspension averted",
        "The threatened suspension was called off after an arrangement.",
    ),
    "demand_dropped": ("Demand dropped", "The government let the demand lapse or withdrew it."),
    "order_rescinded": ("Order rescinded", "The government formally withdrew its order."),
    "services_suspended": ("Services suspended", "The threatened suspension took effect."),
    "unresolved": ("Unresolved", "No public resolution is reported."),
}

ACTOR: Codes = {
    "government": ("Government", "A ministry, regulator or other state body."),
    "blackberry": ("BlackBerry", "BlackBerry Ltd, formerly Research In Motion (RIM)."),
    "operator": ("Operator", "A mobile network operator."),
    "other": ("Other", "Anyone else: analysts, civil society, users."),
}

EVENT_TYPE: Codes = {
    "demand_announced": ("Demand announced", "A demand for access became public."),
    "deadline_set": ("Deadline set", "A date was set by which the demand must be met."),
    "deadline_extended": ("Deadline extended", "An existing deadline was moved later."),
    "statement": ("Statement", "A public statement by a party."),
    "technical_measure": (
        "Technical measure",
        "A technical step such as a test, a server installation or a software update.",
    ),
    "service_disruption": ("Service disruption", "Services were interrupted for users."),
    "agreement": ("Agreement", "The parties announced an arrangement."),
    "exit_announced": ("Exit announced", "BlackBerry announced that it would leave the market."),
    "order_rescinded": ("Order rescinded", "The government withdrew its order."),
}

SOURCE_TYPE: Codes = {
    "company_statement": ("Company statement", "Published by BlackBerry / RIM."),
    "government_statement": ("Government statement", "Published by a government body."),
    "news_report": ("News report", "Reporting by a news outlet."),
    "commentary": ("Commentary", "Opinion, analysis or a blog post by a third party."),
    "seed_document": ("Seed document", "The compilation of news sentences this dataset triages."),
}

TARGET_TABLE: Codes = {
    "episodes": ("Episode", "The claim is about a value in the episodes table."),
    "events": ("Event", "The claim is about a value in the events table."),
}

STANCE: Codes = {
    "supports": ("Supports", "The quote supports the recorded value."),
    "disputes": ("Disputes", "The quote contradicts the recorded value."),
    "context": (
        "Context",
        "The quote gives background on the row (often for the seed triage); it neither "
        "supports nor disputes a recorded value, so `fields` is empty.",
    ),
}

USERS_QUALIFIER: Codes = {
    "exact": ("Exact", "The source gives the figure as exact."),
    "approximate": ("Approximate", "The source gives a rounded or estimated figure."),
    "upper_bound": ("Upper bound", "The source says fewer than the figure."),
    "lower_bound": ("Lower bound", "The source says more than the figure."),
}

VERDICT: Codes = {
    "supported": ("Supported", "Sources support the sentence."),
    "contested": ("Contested", "Sources disagree about the sentence."),
    "contradicted": ("Contradicted", "Sources contradict the sentence or part of it."),
    "garbled": ("Garbled", "The sentence is a corrupted rewrite of a sourced statement."),
    "context_only": (
        "Context only",
        "Background or framing that asserts no fact the dataset records.",
    ),
}

# The governments of the original four-government comparison (ISO 3166-1 alpha-2).
CORE_COUNTRIES = ("AE", "SA", "IN", "PK")

SCOPE: Codes = {
    "core": (
        "Core",
        "A government of the original comparison: the United Arab Emirates, Saudi Arabia, "
        "India or Pakistan.",
    ),
    "extended": (
        "Extended",
        "Another government that pressed BlackBerry, added to widen coverage.",
    ),
}

# Episode values a comparison turns on; evidence_level asks whether each is corroborated.
KEY_FIELDS = (
    "demanding_body",
    "demand_date",
    "access_sought",
    "threatened_action",
    "response",
    "outcome",
)
_KEYS = ", ".join(f"`{f}`" for f in KEY_FIELDS)

EVIDENCE_LEVEL: Codes = {
    "corroborated": (
        "Corroborated",
        "Every non-missing evidenced value of the episode is supported by at least two "
        "independent origins.",
    ),
    "key_facts_corroborated": (
        "Key facts corroborated",
        f"The key values ({_KEYS}) are each supported by at least two independent origins; "
        "some other values rest on one origin (listed in `single_origin_fields`).",
    ),
    "thin": (
        "Thin",
        "At least one key value rests on a single origin (listed in `single_origin_fields`).",
    ),
}

CODE_LISTS: dict[str, Codes] = {
    "missing_reason": MISSING_REASON,
    "date_precision": DATE_PRECISION,
    "service": SERVICE,
    "access": ACCESS,
    "threat": THREAT,
    "response": RESPONSE,
    "outcome": OUTCOME,
    "actor": ACTOR,
    "event_type": EVENT_TYPE,
    "source_type": SOURCE_TYPE,
    "target_table": TARGET_TABLE,
    "stance": STANCE,
    "users_qualifier": USERS_QUALIFIER,
    "verdict": VERDICT,
    "scope": SCOPE,
    "evidence_level": EVIDENCE_LEVEL,
}
