-- Every stored document's text hash (change and duplicate detection) and source fingerprint
-- (files to skip without reading).
SELECT doc_id, content_sha256, source_fingerprint FROM documents;
