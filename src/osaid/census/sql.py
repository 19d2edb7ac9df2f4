"""The census's per-model SQL, shared by both engines (DuckDB over the whole input, Ray over
each batch), so that per-model findings are computed by one piece of code.

`FEATURES_SQL` reads `src` (canonical records, plus `src_file`) and `lic` (the license lookup
table) and derives, per model, the evidence visible from metadata and its own license
findings. `CLASSIFY_SQL` reads `x` (features plus lineage columns) and `kinds` (restriction
names of every mask value, `licenses.kinds_table`) and gives the category and the AI Act
value (`osaid.census.AI_ACT_VALUES`). The lineage columns `anc_mask` and `act_anc_mask` are
the inherited OSAID and AI Act restriction bits (`licenses.ACT_SHIFT` explains how one
propagation carries both).
"""

from __future__ import annotations

from osaid.census.licenses import KIND_BITS, NON_COMMERCIAL_MASK, NOT_OPEN

__all__ = ["CLASSIFY_SQL", "FEATURES_SQL", "OUTPUT_COLUMNS", "nullable"]

_QUANT_TAGS = "['gguf','ggml','gptq','awq','exl2','4-bit','8-bit','bitsandbytes','quantized']"
_ADAPTER_TAGS = "['peft','lora','adapter-transformers']"
_MERGE_TAGS = "['merge','mergekit']"


def _has(*needles: str) -> str:
    return "(" + " OR ".join(f"contains(fs, '{n}')" for n in needles) + ")"


# `fs` is the file list lower-cased and joined as "|a|b/c|…|": a suffix test is a substring
# test of "<suffix>|", one pass over one short string per model instead of a list lambda.
_FORMATS = (
    ("checkpoint", _has(".ckpt|")),
    ("coreml", _has(".mlmodel|", ".mlpackage/")),
    ("flax", _has(".msgpack|")),
    ("gguf", _has(".gguf|", ".ggml|", "ggml-model")),
    ("keras", _has(".keras|")),
    ("nemo", _has(".nemo|")),
    ("onnx", _has(".onnx|")),
    ("pickle", _has(".pkl|", ".joblib|")),
    ("pytorch", r"regexp_matches(fs_weights, '\.(bin|pt|pth)\|')"),
    ("safetensors", _has(".safetensors|")),
    ("tensorflow", _has(".h5|", "saved_model.pb|", ".tflite|")),
)


def _present(items: list[tuple[str, str]]) -> str:
    """A list of the names whose condition holds, in the order given (no lambda: fast)."""
    joined = "concat_ws('\t', " + ", ".join(f"CASE WHEN {c} THEN '{n}' END" for n, c in items) + ")"
    return f"list_filter(string_split({joined}, '\t'), lambda v: v <> '')"


_WEIGHT_FORMATS = _present(list(_FORMATS))

FEATURES_SQL = rf"""
WITH lists AS (
    -- File lists repeat (templates, shards): evidence is computed once per distinct list.
    SELECT hash(coalesce(files, [])) AS fh,
        '|' || array_to_string(coalesce(any_value(files), []), '|') || '|' AS fs
    FROM src GROUP BY fh
), lists2 AS (
    SELECT *,
        -- trainer state is not weights
        regexp_replace(fs,
            '[^|]*(training_args\.bin|optimizer\.pt|scheduler\.pt|rng_state[^|]*)\|', '|',
            'g') AS fs_weights
    FROM lists
), fe AS (
    SELECT fh,
        {_WEIGHT_FORMATS} AS weight_formats,
        regexp_matches(fs, '\.(py|ipynb)\|') AS has_code,
        regexp_matches(fs, '(?i)licen[cs]e|copying') AS has_license_file,
        regexp_matches(fs, '(?i)datasheet|data_card|datacard') AS has_data_card,
        ({_has(".gguf|", ".ggml|")} OR regexp_matches(fs, '(?i)gptq|awq|exl2')) AS q_files,
        {_has("adapter_config.json|", "adapter_model.")} AS a_files,
        {_has("mergekit_config")} AS m_files
    FROM lists2
), decl AS (
    -- Declarations repeat too: license findings are computed once per distinct combination.
    SELECT DISTINCT card_license, license_tag, license_name, license_link FROM src
), lics AS (
    SELECT decl.*,
        c.expr AS c_expr, c.informative AS c_inf, c.mask AS c_mask, c.outcome AS c_out,
        c.label AS c_label, c.act_outcome AS c_act, c.act_mask AS c_amask,
        t.expr AS t_expr, t.informative AS t_inf, t.mask AS t_mask, t.outcome AS t_out,
        t.label AS t_label, t.act_outcome AS t_act, t.act_mask AS t_amask,
        n.expr AS n_expr, n.informative AS n_inf, n.mask AS n_mask, n.outcome AS n_out,
        n.label AS n_label, n.act_outcome AS n_act, n.act_mask AS n_amask,
        l.expr AS l_expr, l.informative AS l_inf, l.mask AS l_mask, l.outcome AS l_out,
        l.label AS l_label, l.act_outcome AS l_act, l.act_mask AS l_amask
    FROM decl
    LEFT JOIN lic c ON c.raw = decl.card_license
    LEFT JOIN lic t ON t.raw = decl.license_tag
    LEFT JOIN lic n ON n.raw = decl.license_name
    LEFT JOIN lic l ON l.raw = decl.license_link
), lk AS (
    SELECT card_license, license_tag, license_name, license_link,
        coalesce(card_license, license_tag, license_name, license_link) AS license_declared,
        CASE WHEN c_inf THEN c_expr WHEN t_inf THEN t_expr WHEN n_inf THEN n_expr
            WHEN l_inf THEN l_expr END AS license,
        coalesce(CASE WHEN c_inf THEN c_label WHEN t_inf THEN t_label WHEN n_inf THEN n_label
            WHEN l_inf THEN l_label END,
            CASE WHEN c_label IS NOT NULL AND c_label NOT IN ('other', 'unknown') THEN c_label END,
            CASE WHEN t_label IS NOT NULL AND t_label NOT IN ('other', 'unknown') THEN t_label END,
            n_label, c_label, t_label, l_label, '(none)') AS license_label,
        coalesce(CASE WHEN c_inf THEN c_out WHEN t_inf THEN t_out WHEN n_inf THEN n_out
            WHEN l_inf THEN l_out END, 'unknown') AS parameters_legal,
        (CASE WHEN c_inf THEN c_mask ELSE 0 END) | (CASE WHEN t_inf THEN t_mask ELSE 0 END)
            | (CASE WHEN n_inf THEN n_mask ELSE 0 END) | (CASE WHEN l_inf THEN l_mask ELSE 0 END)
            AS own_mask,
        -- the AI Act's licence condition, decided the same way: the first informative
        -- declaration's outcome, the restriction bits of every informative declaration
        coalesce(CASE WHEN c_inf THEN c_act WHEN t_inf THEN t_act WHEN n_inf THEN n_act
            WHEN l_inf THEN l_act END, 'unknown') AS act_licence_own,
        (CASE WHEN c_inf THEN c_amask ELSE 0 END) | (CASE WHEN t_inf THEN t_amask ELSE 0 END)
            | (CASE WHEN n_inf THEN n_amask ELSE 0 END)
            | (CASE WHEN l_inf THEN l_amask ELSE 0 END) AS act_own_mask,
        len(list_distinct([CASE WHEN c_inf THEN c_expr END, CASE WHEN t_inf THEN t_expr END,
            CASE WHEN n_inf THEN n_expr END, CASE WHEN l_inf THEN l_expr END])) > 1 AS conflict,
        CASE
            WHEN coalesce(card_license, license_tag, license_name, license_link) IS NULL
                THEN 'none'
            WHEN (CASE WHEN c_inf THEN c_expr WHEN t_inf THEN t_expr WHEN n_inf THEN n_expr
                WHEN l_inf THEN l_expr END) = 'NONE' THEN 'none'
            WHEN NOT (coalesce(c_inf, false) OR coalesce(t_inf, false)
                OR coalesce(n_inf, false) OR coalesce(l_inf, false)) THEN 'unrecognised'
            ELSE 'known' END AS license_state
    FROM lics
), base AS (
    SELECT * EXCLUDE (files), hash(coalesce(files, [])) AS fh,
        len(coalesce(base_models, [])) AS n_parents_declared,
        try_cast(substr(date, 6, 2) AS INTEGER) AS month,
        CASE WHEN len(coalesce(base_models, [])) > 0 THEN
            CASE WHEN lower(base_model_relation) IN ('adapter', 'finetune', 'quantized', 'merge')
                THEN lower(base_model_relation) END END AS rel_declared,
        -- the relation the first `base_model:<relation>:X` tag states
        CASE WHEN len(coalesce(base_models, [])) > 0 THEN
            list_filter(base_relations, lambda r: r IS NOT NULL)[1] END AS rel_tag
    FROM src
)
SELECT
    model_id, author, date,
    CASE WHEN month BETWEEN 1 AND 12
        THEN substr(date, 1, 4) || '-Q' || CAST((month - 1) // 3 + 1 AS VARCHAR) END AS period,
    pipeline_tag, library_name, downloads, has_card, gated,
    coalesce(base_models, []) AS base_models,
    coalesce(base_relations, []) AS base_relations,
    n_parents_declared,
    -- inference runs only for the rows that reach it (a CASE evaluates a branch lazily)
    CASE WHEN n_parents_declared = 0 THEN NULL
        WHEN rel_declared IS NOT NULL THEN rel_declared
        WHEN rel_tag IS NOT NULL THEN rel_tag
        WHEN n_parents_declared > 1 THEN 'merge'
        WHEN q_files OR list_has_any(coalesce(hints, []), {_QUANT_TAGS})
            OR regexp_matches(model_id,
                '(?i)[-_.](gguf|gptq|awq|exl2|[248]bit|[248]-bit|int[48]|bnb)([-_.]|$)')
            THEN 'quantized'
        WHEN a_files OR list_has_any(coalesce(hints, []), {_ADAPTER_TAGS}) THEN 'adapter'
        WHEN m_files OR list_has_any(coalesce(hints, []), {_MERGE_TAGS}) THEN 'merge'
        ELSE 'finetune' END AS relation,
    CASE WHEN n_parents_declared = 0 THEN NULL
        WHEN rel_declared IS NOT NULL THEN 'declared'
        WHEN rel_tag IS NOT NULL THEN 'hub-tag'
        ELSE 'inferred' END AS relation_source,
    weight_formats,
    len(weight_formats) > 0 AS has_weights,
    has_code, has_license_file,
    coalesce(datasets, []) AS datasets,
    coalesce(papers, []) AS papers,
    (len(coalesce(datasets, [])) > 0 OR has_data_card) AS has_data_info,
    license_declared, license, license_label, parameters_legal, own_mask, conflict,
    license_state, act_licence_own, act_own_mask, claims_open_source,
    src_file
FROM base
JOIN fe ON fe.fh = base.fh
JOIN lk ON lk.card_license IS NOT DISTINCT FROM base.card_license
    AND lk.license_tag IS NOT DISTINCT FROM base.license_tag
    AND lk.license_name IS NOT DISTINCT FROM base.license_name
    AND lk.license_link IS NOT DISTINCT FROM base.license_link
"""

_MISSING = _present(
    [
        ("parameters: no weight files seen", "NOT has_weights"),
        ("parameters: license terms to confirm", "parameters_legal <> 'met'"),
        ("license text: no LICENSE file in the repo", "NOT has_license_file"),
        ("data information: no training datasets or data card declared", "NOT has_data_info"),
        ("code: no training or inference code in the repo", "NOT has_code"),
        ("documentation: no paper linked", "len(papers) = 0"),
    ]
)
_NOT_OPEN_BIT = KIND_BITS[NOT_OPEN]

CLASSIFY_SQL = f"""
SELECT
    model_id, author, date, period, pipeline_tag, library_name, downloads, has_card, gated,
    license_declared, license, license_label, license_state, parameters_legal,
    CASE WHEN own_mask <> 0 OR anc_mask <> 0 THEN 'not-met' ELSE parameters_legal END
        AS parameters_legal_effective,
    conflict,
    CASE
        WHEN conflict THEN 'conflicting-declarations'
        WHEN own_mask & {NON_COMMERCIAL_MASK} <> 0 THEN 'non-commercial'
        WHEN own_mask <> 0 THEN 'restricted-weights'
        WHEN anc_mask <> 0 THEN 'inherits-restriction'
        WHEN license_state = 'none' THEN 'no-license'
        WHEN license_state = 'unrecognised' OR parameters_legal = 'unknown'
            THEN 'unknown-license'
        WHEN has_weights AND NOT has_code AND NOT has_data_info AND len(papers) = 0
            THEN 'open-weights-only'
        ELSE 'osaid-candidate' END AS category,
    ka.names AS restriction_kinds,
    ko.names AS own_restriction_kinds,
    ki.names AS inherited_restriction_kinds,
    (parameters_legal = 'met' AND NOT conflict AND anc_mask <> 0) AS open_washing,
    blocker AS blocking_ancestor,
    blocker_distance AS blocking_ancestor_distance,
    blocker_license AS blocking_ancestor_license,
    {_MISSING} AS missing,
    weight_formats, has_weights, has_code, has_license_file, has_data_info, datasets, papers,
    base_models, relation, relation_source, n_parents_declared, n_parents_resolved,
    dangling_parents, depth, family_root, in_cycle,
    own_mask & {_NOT_OPEN_BIT} <> 0 AS own_not_open_terms,
    claims_open_source,
    CASE
        WHEN act_own_mask <> 0 OR act_anc_mask <> 0 OR act_licence_own = 'not-met'
            THEN 'licence-fails'
        WHEN act_licence_own <> 'met' OR NOT has_weights OR NOT coalesce(has_card, false)
            THEN 'unknown'
        WHEN coalesce(gated, false) THEN 'needs-review'
        ELSE 'conditions-met-as-far-as-metadata-shows' END AS ai_act,
    CASE WHEN act_own_mask <> 0 OR act_anc_mask <> 0 THEN 'not-met' ELSE act_licence_own END
        AS ai_act_licence,
    kx.names AS ai_act_restriction_kinds,
    (act_own_mask = 0 AND act_licence_own <> 'not-met' AND act_anc_mask <> 0)
        AS ai_act_licence_inherited
FROM x
JOIN kinds ka ON ka.mask = (x.own_mask | x.anc_mask)
JOIN kinds ko ON ko.mask = x.own_mask
JOIN kinds ki ON ki.mask = x.anc_mask
JOIN kinds kx ON kx.mask = (x.act_own_mask | x.act_anc_mask)
"""


def nullable(query: str) -> str:
    """`query` with every column declared nullable, for `COPY … TO` Parquet.

    DuckDB (since 1.5.3) writes a Parquet column as REQUIRED when the statistics of the query
    prove it holds no NULL: the file schema then depends on the data (a census where every
    model has a date gets `period` REQUIRED), and differs from the one pyarrow writes for the
    same values (the Ray engine). Routing each column through a CASE with a NULL branch keeps
    the statistics at "may be NULL", so every column is OPTIONAL whatever the data.
    """
    return f"SELECT CASE WHEN COLUMNS(*) IS NULL THEN NULL ELSE COLUMNS(*) END FROM ({query})"


OUTPUT_COLUMNS: tuple[str, ...] = (
    "model_id",
    "category",
    "license",
    "license_label",
    "parameters_legal",
    "parameters_legal_effective",
    "restriction_kinds",
    "open_washing",
    "blocking_ancestor",
    "family_root",
    "depth",
    "ai_act",
    "ai_act_licence",
    "claims_open_source",
)
"""The most useful columns, for docs and quick looks; the Parquet holds every column."""
