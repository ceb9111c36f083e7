-- Ids and versions of the documents whose current version a stage has not processed ($stage).
SELECT d.doc_id, d.content_sha256
FROM documents AS d
LEFT JOIN document_stages AS s
       ON s.doc_id = d.doc_id AND s.stage = $stage AND s.content_sha256 = d.content_sha256
WHERE s.doc_id IS NULL
ORDER BY d.doc_id;
