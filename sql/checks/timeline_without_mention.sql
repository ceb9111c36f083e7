-- Timeline rows with no mention, or naming a mention that does not exist.
SELECT t.event_id FROM timeline AS t
WHERE len(t.mention_ids) = 0
   OR EXISTS (SELECT 1 FROM unnest(t.mention_ids) AS u(mention_id)
              WHERE u.mention_id NOT IN (SELECT mention_id FROM event_mentions));
