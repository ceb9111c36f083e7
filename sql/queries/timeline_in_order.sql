-- The timeline in date order: what happened when, how many articles report it, and who.
SELECT timex_value, description, array_to_string(actors, ', ') AS actors, status, doc_count,
       mention_count
FROM timeline
ORDER BY date_start, date_end, description;
