-- Every stored document's text hash (change and duplicate detection), source fingerprint
-- (files to skip without reading) and source path (the file it belongs to).
SELECT doc_id, content_sha256, source_fingerprint, source_path FROM documents;
