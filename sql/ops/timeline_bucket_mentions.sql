-- Mentions of the merge buckets in the registered frame `group_buckets`, sorted by bucket so
-- each bucket is one contiguous slice. The sentence text is left out (merging never reads it,
-- and it is most of a mention's memory).
SELECT * REPLACE (CAST('' AS VARCHAR) AS sentence_text) FROM bucketed_mentions
WHERE merge_bucket IN (SELECT merge_bucket FROM group_buckets)
ORDER BY merge_bucket, doc_id, mention_id;
