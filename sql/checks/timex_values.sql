-- Distinct (type, value) pairs of the temporal expressions of the documents in the registered
-- frame `check_scope`, validated against the TIMEX3 grammar in Python.
SELECT DISTINCT type, value FROM temporal_expressions WHERE doc_id IN (SELECT key FROM check_scope);
