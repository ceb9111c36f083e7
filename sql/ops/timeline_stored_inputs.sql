-- The document fingerprints and merge rules the stored timeline was built from.
SELECT doc_id, fingerprint, rules_version FROM timeline_inputs;
