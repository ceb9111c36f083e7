-- Timeline rows with no mention, or naming a mention that does not exist (an anti-join of the
-- unnested mention ids: one pass, not a subquery per row).
SELECT event_id FROM timeline WHERE len(mention_ids) = 0
UNION
SELECT t.event_id FROM (SELECT event_id, unnest(mention_ids) AS mention_id FROM timeline) AS t
ANTI JOIN event_mentions AS m USING (mention_id);
