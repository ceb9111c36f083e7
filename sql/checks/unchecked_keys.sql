-- What $asset rewrote since its check last passed (doc_ids, or merge buckets for the timeline).
SELECT DISTINCT key FROM unchecked_changes WHERE asset = $asset ORDER BY key;
