-- Every stored document's version: its text hash and the fields a sidecar edit can change.
SELECT doc_id, content_sha256, publication_date, date_provenance, date_note, doc_type, title,
       source, url, metadata
FROM documents;
