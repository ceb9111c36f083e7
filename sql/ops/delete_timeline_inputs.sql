-- Forget the fingerprints of the documents in the registered frame `changed_docs`.
DELETE FROM timeline_inputs WHERE doc_id IN (SELECT doc_id FROM changed_docs);
