-- Row counts of the main tables, printed after `timeline run`.
SELECT (SELECT count(*) FROM documents) AS documents,
       (SELECT count(*) FROM rejected_documents) AS rejected_documents,
       (SELECT count(*) FROM temporal_expressions) AS temporal_expressions,
       (SELECT count(*) FROM event_mentions) AS event_mentions,
       (SELECT count(*) FROM timeline) AS timeline_events;
