-- Text and publication context of the documents in the registered frame `doc_ids`.
SELECT doc_id, text, publication_date, doc_type, content_sha256
FROM documents
WHERE doc_id IN (SELECT doc_id FROM doc_ids)
ORDER BY doc_id;
