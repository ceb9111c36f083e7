-- Mentions of the merge buckets in the registered frame `group_buckets`, with their document's
-- source and publication date (what merging needs of it), sorted by bucket so each bucket is one
-- contiguous slice. The sentence text is left out (merging never reads it, and it is most of a
-- mention's memory).
SELECT m.* REPLACE (CAST('' AS VARCHAR) AS sentence_text), d.source, d.publication_date
FROM bucketed_mentions AS m
JOIN documents AS d USING (doc_id)
WHERE m.merge_bucket IN (SELECT merge_bucket FROM group_buckets)
ORDER BY m.merge_bucket, m.doc_id, m.mention_id;
