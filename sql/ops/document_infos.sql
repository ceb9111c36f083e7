-- Source and publication date of the documents in the registered frame `doc_ids`.
SELECT doc_id, source, publication_date FROM documents
WHERE doc_id IN (SELECT doc_id FROM doc_ids);
