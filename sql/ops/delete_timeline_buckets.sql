-- Remove the timeline events of the buckets in the registered frame `touched_buckets`.
DELETE FROM timeline WHERE merge_bucket IN (SELECT merge_bucket FROM touched_buckets);
