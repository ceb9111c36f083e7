-- Forget which versions of the documents in the registered frame `doc_ids` a stage has processed.
DELETE FROM document_stages WHERE stage = $stage AND doc_id IN (SELECT doc_id FROM doc_ids);
