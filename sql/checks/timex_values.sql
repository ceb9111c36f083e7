-- Distinct (type, value) pairs of the temporal expressions, validated against the TIMEX3 grammar in Python.
SELECT DISTINCT type, value FROM temporal_expressions;
