-- Mention count of each merge bucket in the registered frame `touched_buckets` (of every bucket
-- when $all_buckets), in bucket order: the timeline build reads them in groups of whole buckets.
SELECT merge_bucket, count(*) AS mentions FROM bucketed_mentions
WHERE $all_buckets OR merge_bucket IN (SELECT merge_bucket FROM touched_buckets)
GROUP BY merge_bucket
ORDER BY merge_bucket;
