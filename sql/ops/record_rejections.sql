-- The refusals to store for the files seen in this run: the new ones (registered frame
-- `incoming_rejections`: source_path, reason), keeping the first detection time of a refusal that is
-- unchanged so re-runs leave the table identical.
SELECT n.source_path, n.reason, coalesce(p.detected_at, $now::TIMESTAMP) AS detected_at
FROM incoming_rejections AS n
LEFT JOIN rejected_documents AS p USING (source_path, reason)
ORDER BY n.source_path;
