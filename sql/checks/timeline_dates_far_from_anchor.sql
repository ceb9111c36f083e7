-- Timeline dates whose interval lies more than $max_years years from the anchor they were resolved
-- against (the publication date, or the text's own date for narratives).
SELECT DISTINCT t.event_id, t.timex_value, x.anchor_value, x.anchor_source
FROM timeline AS t, unnest(t.mention_ids) AS u(mention_id)
JOIN event_mentions AS m ON m.mention_id = u.mention_id
JOIN temporal_expressions AS x ON x.timex_id = m.timex_id
WHERE x.anchor_value IS NOT NULL
  AND greatest(year(m.date_start) - year(try_cast(left(x.anchor_value, 10) AS DATE)),
               year(try_cast(left(x.anchor_value, 10) AS DATE)) - year(m.date_end), 0) > $max_years;
