-- The timeline as `timeline show` prints it.
SELECT timex_value, date_start, date_end, description, status, doc_count, mention_count,
       array_to_string(sources, ', ') AS sources
FROM timeline ORDER BY date_start, date_end, event_id;
