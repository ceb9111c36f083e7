-- A few documents for the asset's materialization preview.
SELECT file_name, title, source, publication_date, date_provenance, doc_type, char_count
FROM documents ORDER BY publication_date DESC, file_name LIMIT 10;
