-- Documents in the registered frame `check_scope` (doc_ids) lacking a publication date or a known
-- provenance for it.
SELECT doc_id, source_path, publication_date, date_provenance FROM documents
WHERE doc_id IN (SELECT key FROM check_scope)
  AND (publication_date IS NULL
       OR date_provenance NOT IN ('metadata', 'assigned', 'dateline', 'filename', 'file_mtime'));
