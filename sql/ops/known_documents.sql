-- Every stored document's version: its text hash (change and duplicate detection), the fields a
-- sidecar edit can change, and the source fingerprint (files to skip without reading).
SELECT doc_id, content_sha256, publication_date, date_provenance, date_note, doc_type, title,
       source, url, metadata, source_fingerprint
FROM documents;
