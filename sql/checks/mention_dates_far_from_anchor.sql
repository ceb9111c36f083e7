-- Event mentions of the documents in the registered frame `check_scope` dated to a day (or a
-- time of day) more than $max_years years from the anchor it was resolved against (the
-- publication date, or the text's own date for narratives): a weekday or month-day resolved that
-- far is a bug. Coarser dates may lie that far ('150 years ago', 'the 12th century'). A timeline
-- row's date is one of its mentions' dates.
SELECT m.mention_id, m.timex_value, x.anchor_value, x.anchor_source
FROM (SELECT * FROM event_mentions WHERE doc_id IN (SELECT key FROM check_scope)) AS m
JOIN (SELECT * FROM temporal_expressions WHERE doc_id IN (SELECT key FROM check_scope)) AS x
  ON x.timex_id = m.timex_id
WHERE x.anchor_value IS NOT NULL
  AND regexp_matches(m.timex_value, '^(BC)?\d{4}-\d{2}-\d{2}')
  AND greatest(year(m.date_start) - year(try_cast(left(x.anchor_value, 10) AS DATE)),
               year(try_cast(left(x.anchor_value, 10) AS DATE)) - year(m.date_end), 0) > $max_years;
