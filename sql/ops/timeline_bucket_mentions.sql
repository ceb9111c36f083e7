-- Mentions of the buckets in the registered frame `touched_buckets` (every mention when
-- $all_buckets), sorted by bucket so each bucket is one contiguous slice. The sentence text is
-- left out (merging never reads it, and it is most of a mention's memory).
SELECT * REPLACE (CAST('' AS VARCHAR) AS sentence_text) FROM bucketed_mentions
WHERE $all_buckets OR merge_bucket IN (SELECT merge_bucket FROM touched_buckets)
ORDER BY merge_bucket, doc_id, mention_id;
