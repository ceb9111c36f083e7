-- Every stored document's id and content hash (for change and duplicate detection).
SELECT doc_id, content_sha256 FROM documents;
