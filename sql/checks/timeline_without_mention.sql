-- Timeline rows of the merge buckets in the registered frame `check_scope` with no mention, or
-- naming a mention that does not exist (an anti-join of the unnested mention ids).
WITH scoped AS (SELECT event_id, mention_ids FROM timeline
                WHERE merge_bucket IN (SELECT key FROM check_scope))
SELECT event_id FROM scoped WHERE len(mention_ids) = 0
UNION
SELECT t.event_id FROM (SELECT event_id, unnest(mention_ids) AS mention_id FROM scoped) AS t
ANTI JOIN event_mentions AS m USING (mention_id);
