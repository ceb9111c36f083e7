-- Tables of the event-timeline database. Applied by the pipeline (pipeline/store.py) on every run;
-- every statement is idempotent. Column comments are visible with:
--   SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL;

CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR NOT NULL,
    source_path       VARCHAR NOT NULL,
    file_name         VARCHAR NOT NULL,
    title             VARCHAR,
    source            VARCHAR,
    url               VARCHAR,
    publication_date  DATE NOT NULL,
    date_provenance   VARCHAR NOT NULL,
    date_note         VARCHAR,
    doc_type          VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,
    char_count        INTEGER NOT NULL,
    content_sha256    VARCHAR NOT NULL,
    encoding          VARCHAR NOT NULL,
    warnings          VARCHAR[] NOT NULL,
    metadata          JSON,
    source_fingerprint VARCHAR
);
ALTER TABLE documents ADD COLUMN IF NOT EXISTS source_fingerprint VARCHAR;  -- databases made before it
COMMENT ON TABLE documents IS 'One row per ingested article, with its publication context and where that context came from.';
COMMENT ON COLUMN documents.doc_id IS 'Stable id: the input folder''s name and the path of the file inside it (e.g. seeds/000_f2529bc020c90fee.txt).';
COMMENT ON COLUMN documents.source_path IS 'Path of the text file the document was read from.';
COMMENT ON COLUMN documents.file_name IS 'File name of the text file.';
COMMENT ON COLUMN documents.title IS 'Headline, from metadata or the first line of the text.';
COMMENT ON COLUMN documents.source IS 'Publisher, from metadata; NULL when unknown.';
COMMENT ON COLUMN documents.url IS 'Original URL, from metadata.';
COMMENT ON COLUMN documents.publication_date IS 'Document creation time (DCT) that relative dates in the text are resolved against.';
COMMENT ON COLUMN documents.date_provenance IS 'Where publication_date came from: metadata, assigned, dateline, filename or file_mtime.';
COMMENT ON COLUMN documents.date_note IS 'Human-readable note on the publication date (why it was assigned, which dateline, ...).';
COMMENT ON COLUMN documents.doc_type IS 'news (anchor on the publication date) or narrative (anchor on dates in the text); auto-detected unless set in metadata.';
COMMENT ON COLUMN documents.text IS 'Cleaned text (BOM removed, line ends normalized, site furniture dropped); all character offsets point into it.';
COMMENT ON COLUMN documents.char_count IS 'Length of text in characters.';
COMMENT ON COLUMN documents.content_sha256 IS 'SHA-256 of text: detects changed and duplicate articles.';
COMMENT ON COLUMN documents.encoding IS 'Encoding the file was decoded with.';
COMMENT ON COLUMN documents.warnings IS 'Problems met while reading the file that did not stop it (e.g. decoded as Windows-1252).';
COMMENT ON COLUMN documents.metadata IS 'Remaining metadata fields, as JSON.';
COMMENT ON COLUMN documents.source_fingerprint IS 'Ingest rules version, size and modification time of the file and its sidecar: an input whose fingerprint is unchanged is skipped without being read.';

CREATE TABLE IF NOT EXISTS rejected_documents (
    source_path  VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    detected_at  TIMESTAMP NOT NULL
);
COMMENT ON TABLE rejected_documents IS 'Every input file that was refused, with the reason; nothing is dropped silently.';
COMMENT ON COLUMN rejected_documents.source_path IS 'Path of the refused file.';
COMMENT ON COLUMN rejected_documents.reason IS 'Why it was refused (names the problem).';
COMMENT ON COLUMN rejected_documents.detected_at IS 'When this refusal was first recorded (kept across re-runs).';

CREATE TABLE IF NOT EXISTS temporal_expressions (
    timex_id       VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,
    value          VARCHAR NOT NULL,
    mod            VARCHAR,
    date_start     DATE,
    date_end       DATE,
    granularity    VARCHAR,
    anchor_value   VARCHAR,
    anchor_source  VARCHAR NOT NULL,
    doc_type       VARCHAR NOT NULL
);
COMMENT ON TABLE temporal_expressions IS 'Every TimeML TIMEX3 found in a document, normalized.';
COMMENT ON COLUMN temporal_expressions.timex_id IS 'doc_id:start_char.';
COMMENT ON COLUMN temporal_expressions.doc_id IS 'Document the expression is in.';
COMMENT ON COLUMN temporal_expressions.start_char IS 'Start offset (characters) in documents.text.';
COMMENT ON COLUMN temporal_expressions.end_char IS 'End offset (exclusive) in documents.text.';
COMMENT ON COLUMN temporal_expressions.text IS 'The expression as written.';
COMMENT ON COLUMN temporal_expressions.type IS 'TIMEX3 type: DATE, TIME, DURATION or SET.';
COMMENT ON COLUMN temporal_expressions.value IS 'TIMEX3 value, e.g. 2025-06-02, 2025-W21-WE, P3Y, XXXX-WXX-1, PAST_REF.';
COMMENT ON COLUMN temporal_expressions.mod IS 'TIMEX3 mod (START, MID, END, APPROX, ...), if any.';
COMMENT ON COLUMN temporal_expressions.date_start IS 'First day the value covers (NULL for durations, sets, REF and underspecified values).';
COMMENT ON COLUMN temporal_expressions.date_end IS 'Last day the value covers, inclusive.';
COMMENT ON COLUMN temporal_expressions.granularity IS 'day, week, weekend, month, quarter, season, half, year, decade, century, time or part_of_day.';
COMMENT ON COLUMN temporal_expressions.anchor_value IS 'The date the value was resolved against, if it was relative.';
COMMENT ON COLUMN temporal_expressions.anchor_source IS 'none (absolute), dct (the publication date) or text (the latest explicit date in the text).';
COMMENT ON COLUMN temporal_expressions.doc_type IS 'Document type the anchoring used: news or narrative.';

CREATE TABLE IF NOT EXISTS event_mentions (
    mention_id       VARCHAR NOT NULL,
    doc_id           VARCHAR NOT NULL,
    timex_id         VARCHAR NOT NULL,
    sentence_index   INTEGER NOT NULL,
    sentence_start   INTEGER NOT NULL,
    sentence_end     INTEGER NOT NULL,
    sentence_text    VARCHAR NOT NULL,
    trigger          VARCHAR NOT NULL,
    trigger_lemma    VARCHAR NOT NULL,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL,
    description      VARCHAR NOT NULL,
    actors           VARCHAR[] NOT NULL,
    location         VARCHAR,
    status           VARCHAR NOT NULL,
    timex_start      INTEGER NOT NULL,
    timex_end        INTEGER NOT NULL,
    timex_text       VARCHAR NOT NULL,
    timex_type       VARCHAR NOT NULL,
    timex_value      VARCHAR NOT NULL,
    date_start       DATE NOT NULL,
    date_end         DATE NOT NULL,
    granularity      VARCHAR NOT NULL
);
COMMENT ON TABLE event_mentions IS 'One row per dated event mention: the event a temporal expression dates, with its evidence.';
COMMENT ON COLUMN event_mentions.mention_id IS 'Deterministic id of the mention.';
COMMENT ON COLUMN event_mentions.doc_id IS 'Document the mention is in.';
COMMENT ON COLUMN event_mentions.timex_id IS 'The temporal expression (temporal_expressions.timex_id) that dates the event.';
COMMENT ON COLUMN event_mentions.sentence_index IS 'Index of the sentence in the document (0-based).';
COMMENT ON COLUMN event_mentions.sentence_start IS 'Start offset of the sentence in documents.text.';
COMMENT ON COLUMN event_mentions.sentence_end IS 'End offset of the sentence in documents.text.';
COMMENT ON COLUMN event_mentions.sentence_text IS 'The sentence, as evidence.';
COMMENT ON COLUMN event_mentions.trigger IS 'Verb or event noun the date attaches to.';
COMMENT ON COLUMN event_mentions.trigger_lemma IS 'Lemma of the trigger.';
COMMENT ON COLUMN event_mentions.trigger_start IS 'Start offset of the trigger in documents.text.';
COMMENT ON COLUMN event_mentions.trigger_end IS 'End offset of the trigger in documents.text.';
COMMENT ON COLUMN event_mentions.description IS 'Short readable clause describing the event.';
COMMENT ON COLUMN event_mentions.actors IS 'People, organizations and countries taking part.';
COMMENT ON COLUMN event_mentions.location IS 'Where it happened, if stated.';
COMMENT ON COLUMN event_mentions.status IS 'happened, planned, proposed, expected, negated or reported.';
COMMENT ON COLUMN event_mentions.timex_start IS 'Start offset of the dating expression in documents.text.';
COMMENT ON COLUMN event_mentions.timex_end IS 'End offset of the dating expression in documents.text.';
COMMENT ON COLUMN event_mentions.timex_text IS 'The dating expression as written.';
COMMENT ON COLUMN event_mentions.timex_type IS 'TIMEX3 type of the dating expression.';
COMMENT ON COLUMN event_mentions.timex_value IS 'TIMEX3 value of the dating expression.';
COMMENT ON COLUMN event_mentions.date_start IS 'First day of the event date.';
COMMENT ON COLUMN event_mentions.date_end IS 'Last day of the event date, inclusive.';
COMMENT ON COLUMN event_mentions.granularity IS 'Granularity of the event date.';

CREATE TABLE IF NOT EXISTS timeline (
    event_id            VARCHAR NOT NULL,
    timex_value         VARCHAR NOT NULL,
    date_start          DATE NOT NULL,
    date_end            DATE NOT NULL,
    granularity         VARCHAR NOT NULL,
    description         VARCHAR NOT NULL,
    trigger             VARCHAR NOT NULL,
    actors              VARCHAR[] NOT NULL,
    location            VARCHAR,
    status              VARCHAR NOT NULL,
    doc_count           INTEGER NOT NULL,
    mention_count       INTEGER NOT NULL,
    sources             VARCHAR[] NOT NULL,
    doc_ids             VARCHAR[] NOT NULL,
    mention_ids         VARCHAR[] NOT NULL,
    first_reported_at   DATE NOT NULL,
    confidence          DOUBLE NOT NULL,
    conflicting_values  VARCHAR[] NOT NULL,
    merge_bucket        VARCHAR
);
ALTER TABLE timeline ADD COLUMN IF NOT EXISTS merge_bucket VARCHAR;  -- databases made before it
COMMENT ON TABLE timeline IS 'One row per real-world event, merged across the articles that report it.';
COMMENT ON COLUMN timeline.event_id IS 'Deterministic id of the event (stable across runs).';
COMMENT ON COLUMN timeline.timex_value IS 'TIMEX3 value of the most specific agreeing date, e.g. 2025-06-02, 2025-W21-WE, 2022-02.';
COMMENT ON COLUMN timeline.date_start IS 'First day of the event date.';
COMMENT ON COLUMN timeline.date_end IS 'Last day of the event date, inclusive.';
COMMENT ON COLUMN timeline.granularity IS 'Granularity of the event date.';
COMMENT ON COLUMN timeline.description IS 'Canonical description (the most informative mention).';
COMMENT ON COLUMN timeline.trigger IS 'Canonical trigger word.';
COMMENT ON COLUMN timeline.actors IS 'Union of the actors named by its mentions.';
COMMENT ON COLUMN timeline.location IS 'Where it happened, if stated.';
COMMENT ON COLUMN timeline.status IS 'happened, planned, proposed, expected, negated or reported.';
COMMENT ON COLUMN timeline.doc_count IS 'Distinct articles reporting the event.';
COMMENT ON COLUMN timeline.mention_count IS 'Mentions of the event across all articles.';
COMMENT ON COLUMN timeline.sources IS 'Distinct sources reporting it (publisher, or doc_id when unknown).';
COMMENT ON COLUMN timeline.doc_ids IS 'Documents reporting it.';
COMMENT ON COLUMN timeline.mention_ids IS 'The event_mentions rows merged into it (the evidence).';
COMMENT ON COLUMN timeline.first_reported_at IS 'Earliest publication date among its articles.';
COMMENT ON COLUMN timeline.confidence IS 'Confidence in the merged event and its date, 0 to 1.';
COMMENT ON COLUMN timeline.conflicting_values IS 'Other dates reported for the same event, kept visible.';
COMMENT ON COLUMN timeline.merge_bucket IS 'Merge bucket the event was merged in: <event class>|<year of date_start>, or <event class>|coarse for dates longer than a year; a new article re-merges only its buckets.';

CREATE TABLE IF NOT EXISTS timeline_inputs (
    doc_id          VARCHAR NOT NULL,
    fingerprint     VARCHAR NOT NULL,
    rules_version   VARCHAR NOT NULL
);
COMMENT ON TABLE timeline_inputs IS 'Bookkeeping for incremental timeline builds: the version of each document''s event mentions the timeline was merged from.';
COMMENT ON COLUMN timeline_inputs.doc_id IS 'Document with event mentions in the timeline.';
COMMENT ON COLUMN timeline_inputs.fingerprint IS 'MD5 of the document''s event_mentions rows, publication date and source when last merged: a difference re-merges its buckets.';
COMMENT ON COLUMN timeline_inputs.rules_version IS 'Version of the merge rules (code and resources) used; any other version rebuilds the whole timeline.';

CREATE TABLE IF NOT EXISTS document_stages (
    doc_id          VARCHAR NOT NULL,
    stage           VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL
);
COMMENT ON TABLE document_stages IS 'Bookkeeping for incremental runs: which version of each document each stage has processed.';
COMMENT ON COLUMN document_stages.doc_id IS 'Document.';
COMMENT ON COLUMN document_stages.stage IS 'temporal_expressions or event_mentions.';
COMMENT ON COLUMN document_stages.content_sha256 IS 'content_sha256 of the document version the stage processed.';

CREATE TABLE IF NOT EXISTS unchecked_changes (
    asset  VARCHAR NOT NULL,
    key    VARCHAR NOT NULL
);
COMMENT ON TABLE unchecked_changes IS 'Bookkeeping for the asset checks: what each asset rewrote that its check has not yet passed. A stage adds its keys in the transaction that writes the rows; a passing check removes the keys it examined, a failing one leaves them, so a bad row is reported again by the next run.';
COMMENT ON COLUMN unchecked_changes.asset IS 'documents, temporal_expressions, event_mentions or timeline.';
COMMENT ON COLUMN unchecked_changes.key IS 'The rewritten part: a doc_id, or a merge_bucket for the timeline.';
