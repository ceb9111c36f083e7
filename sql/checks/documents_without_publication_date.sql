-- Documents lacking a publication date or a known provenance for it.
SELECT doc_id, source_path, publication_date, date_provenance FROM documents
WHERE publication_date IS NULL
   OR date_provenance NOT IN ('metadata', 'assigned', 'dateline', 'filename', 'file_mtime');
