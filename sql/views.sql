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
GROUP BY ALL;
