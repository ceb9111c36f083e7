-- Source and publication date of every document that has event mentions.
SELECT doc_id, source, publication_date FROM documents
WHERE doc_id IN (SELECT DISTINCT doc_id FROM event_mentions);
