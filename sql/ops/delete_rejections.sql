-- Forget the refusals of the files seen in this run (registered frame `seen_paths`).
DELETE FROM rejected_documents WHERE source_path IN (SELECT source_path FROM seen_paths);
