-- Views for analysts. Applied after schema.sql on every run (CREATE OR REPLACE).

CREATE OR REPLACE VIEW timeline_evidence AS
-- Each timeline event with every mention that supports it and the article it came from.
SELECT t.event_id, t.timex_value, t.date_start, t.date_end, t.description AS event_description,
       t.doc_count, m.mention_id, m.doc_id, d.title, d.source, d.publication_date, d.date_provenance,
       m.sentence_text, m.trigger, m.timex_text, m.timex_value AS mention_timex_value, m.status
FROM timeline AS t, unnest(t.mention_ids) AS u(mention_id)
JOIN event_mentions AS m USING (mention_id)
JOIN documents AS d ON d.doc_id = m.doc_id;

CREATE OR REPLACE VIEW document_overview AS
-- Documents without their text: publication context, provenance and how much was found in each.
SELECT d.doc_id, d.file_name, d.title, d.source, d.publication_date, d.date_provenance, d.date_note,
       d.doc_type, d.char_count, d.warnings,
       (SELECT count(*) FROM temporal_expressions AS x WHERE x.doc_id = d.doc_id) AS timex_count,
       (SELECT count(*) FROM event_mentions AS m WHERE m.doc_id = d.doc_id) AS mention_count
FROM documents AS d;

CREATE OR REPLACE VIEW timeline_by_month AS
-- How many events fall in each calendar month (by the first day of their date).
SELECT date_trunc('month', date_start)::DATE AS month, count(*) AS events,
       sum(mention_count) AS mentions
FROM timeline
GROUP BY ALL
ORDER BY month;

-- Comments, as on the tables' columns (duckdb_views(), duckdb_columns()).
COMMENT ON VIEW timeline_evidence IS 'Each timeline event with every mention that supports it and the article it came from.';
COMMENT ON COLUMN timeline_evidence.event_id IS 'Deterministic id of the event (timeline.event_id).';
COMMENT ON COLUMN timeline_evidence.timex_value IS 'TIMEX3 value of the event date (timeline.timex_value).';
COMMENT ON COLUMN timeline_evidence.date_start IS 'First day of the event date.';
COMMENT ON COLUMN timeline_evidence.date_end IS 'Last day of the event date, inclusive.';
COMMENT ON COLUMN timeline_evidence.event_description IS 'Canonical description of the event (timeline.description).';
COMMENT ON COLUMN timeline_evidence.doc_count IS 'Distinct articles reporting the event.';
COMMENT ON COLUMN timeline_evidence.mention_id IS 'The supporting mention (event_mentions.mention_id).';
COMMENT ON COLUMN timeline_evidence.doc_id IS 'Document the mention is in.';
COMMENT ON COLUMN timeline_evidence.title IS 'Headline of that document.';
COMMENT ON COLUMN timeline_evidence.source IS 'Publisher of that document; NULL when unknown.';
COMMENT ON COLUMN timeline_evidence.publication_date IS 'Publication date (DCT) of that document.';
COMMENT ON COLUMN timeline_evidence.date_provenance IS 'Where that publication date came from: metadata, assigned, dateline, filename or file_mtime.';
COMMENT ON COLUMN timeline_evidence.sentence_text IS 'The sentence of the mention, as evidence.';
COMMENT ON COLUMN timeline_evidence.trigger IS 'Verb or event noun the date attaches to in that sentence.';
COMMENT ON COLUMN timeline_evidence.timex_text IS 'The dating expression as written in that sentence.';
COMMENT ON COLUMN timeline_evidence.mention_timex_value IS 'TIMEX3 value of that mention''s expression (it may differ from the event''s: see timeline.conflicting_values).';
COMMENT ON COLUMN timeline_evidence.status IS 'Status of the mention: happened, planned, proposed, expected, negated or reported.';
COMMENT ON VIEW document_overview IS 'Documents without their text: publication context, provenance and how much was found in each.';
COMMENT ON COLUMN document_overview.doc_id IS 'Stable id of the document.';
COMMENT ON COLUMN document_overview.file_name IS 'File name of the text file.';
COMMENT ON COLUMN document_overview.title IS 'Headline, from metadata or the first line of the text.';
COMMENT ON COLUMN document_overview.source IS 'Publisher, from metadata; NULL when unknown.';
COMMENT ON COLUMN document_overview.publication_date IS 'Document creation time (DCT) that relative dates are resolved against.';
COMMENT ON COLUMN document_overview.date_provenance IS 'Where publication_date came from: metadata, assigned, dateline, filename or file_mtime.';
COMMENT ON COLUMN document_overview.date_note IS 'Human-readable note on the publication date.';
COMMENT ON COLUMN document_overview.doc_type IS 'news (anchor on the publication date) or narrative (anchor on dates in the text).';
COMMENT ON COLUMN document_overview.char_count IS 'Length of the text in characters.';
COMMENT ON COLUMN document_overview.warnings IS 'Problems met while reading the file that did not stop it.';
COMMENT ON COLUMN document_overview.timex_count IS 'Temporal expressions found in the document.';
COMMENT ON COLUMN document_overview.mention_count IS 'Dated event mentions found in the document.';
COMMENT ON VIEW timeline_by_month IS 'How many events fall in each calendar month (by the first day of their date), in month order.';
COMMENT ON COLUMN timeline_by_month.month IS 'First day of the calendar month.';
COMMENT ON COLUMN timeline_by_month.events IS 'Timeline events whose date starts in the month.';
COMMENT ON COLUMN timeline_by_month.mentions IS 'Mentions of those events across all articles.';
