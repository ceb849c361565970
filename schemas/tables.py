"""The five published tables, defined once.

Everything else (pandera schemas, great-expectations suites, Parquet field metadata,
datapackage.json, croissant.json and the codebook) is generated from these definitions.
"""

from __future__ import annotations

from schemas.columns import (
    SLUG,
    URL_PATTERN,
    Column,
    Table,
    date_columns,
    with_missing,
)

EPISODE_ID = r"[A-Z]{2}-[A-Z]+-\d{4}"
EVENT_ID = EPISODE_ID + r"-E\d{2}"

_episode_fields = [
    Column(
        "episode_id",
        "string",
        "Stable identifier: country code, demanding body abbreviation, year of the demand.",
        unique=True,
        pattern=EPISODE_ID,
        provenance="key",
    ),
    Column(
        "country_code",
        "string",
        "ISO 3166-1 alpha-2 code of the demanding government.",
        pattern=r"[A-Z]{2}",
    ),
    Column(
        "country_name",
        "string",
        "Country name from ISO 3166-1 (pycountry), derived from `country_code`.",
        provenance="derived",
    ),
    Column(
        "scope",
        "category",
        "Whether the government is one of the original comparison's four (`core`) or was "
        "added to widen coverage (`extended`), derived from `country_code`.",
        codes="scope",
        provenance="derived",
    ),
    Column("demanding_body", "string", "The government body that made the demand."),
    Column(
        "demanding_body_abbr",
        "string",
        "Short label for the demanding body, used in `episode_id`: its usual abbreviation, "
        "or a short form chosen by the maintainers where sources use none.",
        pattern=r"[A-Za-z&]{2,12}",
        provenance="editorial",
    ),
    *date_columns("demand_date", "When the demand first became public."),
    Column(
        "services_targeted",
        "codeset",
        "BlackBerry services the demand targeted, as `;`-separated codes in codebook order.",
        codes="service",
    ),
    Column(
        "access_sought",
        "codeset",
        "Kinds of access the government sought, as `;`-separated codes in codebook order.",
        codes="access",
    ),
    Column(
        "threatened_action", "category", "What the government threatened to do.", codes="threat"
    ),
    *date_columns("deadline_first", "The first deadline set for compliance.", missing=True),
    *date_columns("deadline_final", "The last deadline in force.", missing=True),
    *with_missing(
        Column(
            "extensions_count",
            "integer",
            "How many times the deadline was extended.",
            minimum=0,
            maximum=20,
            unit="extensions",
        )
    ),
    Column(
        "response", "category", "BlackBerry's (RIM's) response to the demand.", codes="response"
    ),
    Column("outcome", "category", "How the episode ended.", codes="outcome"),
    *date_columns("outcome_date", "When the outcome became public.", missing=True),
    *with_missing(
        Column(
            "users_affected",
            "integer",
            "Number of users the demand affected, where a source gives a figure.",
            minimum=0,
            maximum=100_000_000,
            unit="users",
        )
    ),
    Column(
        "users_affected_qualifier",
        "category",
        "Whether `users_affected` is exact, approximate or a bound; null with it.",
        nullable=True,
        codes="users_qualifier",
        null_with="users_affected",
    ),
    Column(
        "users_affected_scope",
        "string",
        "Which users `users_affected` counts; null with it.",
        nullable=True,
        null_with="users_affected",
    ),
    Column(
        "summary",
        "string",
        "Summary of the episode in the maintainers' own words.",
        provenance="editorial",
    ),
    *with_missing(
        Column(
            "contested_fields",
            "string",
            "Columns of this row that at least one claim disputes, `;`-separated.",
            pattern=r"[a-z_]+(?:;[a-z_]+)*",
            provenance="derived",
        )
    ),
    Column(
        "n_sources",
        "integer",
        "Number of distinct sources behind the episode's and its events' claims.",
        minimum=1,
        maximum=1000,
        unit="sources",
        provenance="derived",
    ),
    Column(
        "n_origins",
        "integer",
        "Number of independent origins (see `sources.origin`) of the sources whose claims "
        "support the episode or its events; the seed document does not count. An episode "
        "needs at least two.",
        minimum=2,
        maximum=1000,
        unit="origins",
        provenance="derived",
    ),
    Column(
        "evidence_level",
        "category",
        "How well the episode's values are corroborated by independent origins.",
        codes="evidence_level",
        provenance="derived",
    ),
    *with_missing(
        Column(
            "single_origin_fields",
            "string",
            "Non-missing evidenced columns of this row whose supporting claims all come from "
            "one origin, `;`-separated.",
            pattern=r"[a-z_]+(?:;[a-z_]+)*",
            provenance="derived",
        )
    ),
]

EPISODES = Table(
    name="episodes",
    description="One row per demand episode: a government, a demanding body and a period of "
    "pressure on BlackBerry, from the first public demand to its resolution.",
    primary_key="episode_id",
    columns=tuple(_episode_fields),
    date_order=(
        ("demand_date", "deadline_first"),
        ("deadline_first", "deadline_final"),
        ("demand_date", "outcome_date"),
    ),
)

EVENTS = Table(
    name="events",
    description="The timeline: one row per dated event of an episode.",
    primary_key="event_id",
    columns=(
        Column(
            "event_id",
            "string",
            "Stable identifier: the episode id and a sequence number.",
            unique=True,
            pattern=EVENT_ID,
            provenance="key",
        ),
        Column(
            "episode_id",
            "string",
            "The episode the event belongs to.",
            pattern=EPISODE_ID,
            provenance="key",
        ),
        *date_columns("date", "When the event happened."),
        Column("actor", "category", "Who acted.", codes="actor"),
        Column("actor_name", "string", "Name of the acting body or person."),
        Column("event_type", "category", "What kind of event it was.", codes="event_type"),
        Column("description", "string", "What happened, in the maintainers' words."),
        *with_missing(
            Column(
                "contested_fields",
                "string",
                "Columns of this row that at least one claim disputes.",
                pattern=r"[a-z_]+(?:;[a-z_]+)*",
                provenance="derived",
            )
        ),
    ),
    foreign_keys=(("episode_id", "episodes", "episode_id"),),
    sort_by=("episode_id", "event_id"),
)

SOURCES = Table(
    name="sources",
    description="One row per source document cited by a claim.",
    primary_key="source_id",
    columns=(
        Column(
            "source_id",
            "string",
            "Stable identifier: publisher, date and a short slug.",
            unique=True,
            pattern=SLUG,
            provenance="key",
        ),
        *with_missing(
            Column(
                "url",
                "string",
                "Address of the source document.",
                unique=True,
                pattern=URL_PATTERN,
                provenance="source",
            )
        ),
        Column("publisher", "string", "Who published the document.", provenance="source"),
        Column(
            "origin",
            "string",
            "Who wrote the text: the publisher for its own reporting, or the news agency or "
            "body whose copy it carries. Sources with different origins are independent.",
            provenance="source",
        ),
        *with_missing(
            Column("title", "string", "The document's title or headline.", provenance="source")
        ),
        *date_columns(
            "published_date", "When the document was published.", missing=True, provenance="source"
        ),
        Column(
            "source_type",
            "category",
            "What kind of document it is.",
            codes="source_type",
            provenance="source",
        ),
    ),
)

CLAIMS = Table(
    name="claims",
    description="The evidence: one row per thing a source asserts, with a short verbatim quote, "
    "linked to the episode or event values it supports or disputes.",
    primary_key="claim_id",
    columns=(
        Column(
            "claim_id",
            "string",
            "Stable identifier chosen by the curator.",
            unique=True,
            pattern=SLUG,
            provenance="key",
        ),
        Column(
            "source_id",
            "string",
            "The source that makes the claim.",
            pattern=SLUG,
            provenance="key",
        ),
        Column(
            "target_table",
            "category",
            "Table of the row the claim is about.",
            codes="target_table",
            provenance="key",
        ),
        Column(
            "target_id",
            "string",
            "Key of the row the claim is about.",
            pattern=f"{EVENT_ID}|{EPISODE_ID}",
            provenance="key",
        ),
        *with_missing(
            Column(
                "fields",
                "string",
                "Columns of the target row the quote supports or disputes, `;`-separated; "
                "missing for context claims.",
                pattern=r"[a-z_]+(?:;[a-z_]+)*",
                provenance="editorial",
            )
        ),
        Column(
            "stance",
            "category",
            "Whether the quote supports or disputes those values, or gives context.",
            codes="stance",
            provenance="editorial",
        ),
        Column(
            "claimant",
            "string",
            "Who makes the assertion: a named person or body, or the outlet itself.",
            provenance="source",
        ),
        Column(
            "quote",
            "string",
            "Short verbatim quote from the source (at most about 30 words).",
            max_words=40,
            provenance="source",
        ),
        *with_missing(
            Column(
                "note",
                "string",
                "Curator's note on the claim, in own words.",
                provenance="editorial",
            )
        ),
    ),
    foreign_keys=(("source_id", "sources", "source_id"),),
)

SEED_SENTENCES = Table(
    name="seed_sentences",
    description="Every sentence of the seed document, verbatim, with its triage verdict.",
    primary_key="sentence_id",
    columns=(
        Column(
            "sentence_id",
            "string",
            "Sentence number in document order (S01, S02, ...).",
            unique=True,
            pattern=r"S\d{2}",
            provenance="key",
        ),
        Column(
            "line",
            "integer",
            "Line of the seed file the sentence is on (1-based).",
            minimum=1,
            maximum=10_000,
            unit="line",
            provenance="source",
        ),
        Column(
            "text",
            "string",
            "The sentence exactly as it stands in the seed file.",
            provenance="source",
        ),
        Column(
            "verdict",
            "category",
            "The triage verdict on the sentence.",
            codes="verdict",
            provenance="editorial",
        ),
        *with_missing(
            Column(
                "claim_ids",
                "string",
                "Claims that support or contradict the sentence, `;`-separated.",
                pattern=f"{SLUG}(?:;{SLUG})*",
                provenance="editorial",
            )
        ),
        *with_missing(
            Column(
                "correction",
                "string",
                "Where the sentence is wrong or garbled: what the sources say.",
                provenance="editorial",
            )
        ),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (EPISODES, EVENTS, SOURCES, CLAIMS, SEED_SENTENCES)}
