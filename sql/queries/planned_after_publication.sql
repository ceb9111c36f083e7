-- Events dated after the article that first reported them: what is planned, proposed or expected.
SELECT timex_value, description, status, first_reported_at, doc_count
FROM timeline
WHERE date_start > first_reported_at
ORDER BY date_start;
